/** P02 `datatransfer <vendorId> [messageId] [data]`: send a DataTransfer to the CSMS and show its answer. */
import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, expectArgs } from './args.js';

const USAGE = 'datatransfer <vendorId> [messageId] [data]   (data: JSON, or text; quote it when it has spaces)';

/** JSON when it parses as JSON, the text as it is otherwise. */
function dataOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const dataTransferCommands: Command[] = [
  {
    words: ['datatransfer'],
    usage: USAGE,
    summary: 'P02: send a DataTransfer to the CSMS, show the answer',
    async run({ station, args }) {
      expectArgs(args, 1, 3, USAGE);
      const [vendorId, messageId, data] = args as [string, string | undefined, string | undefined];
      if (vendorId.length > 255) throw badArgument('vendorId: at most 255 characters');
      if (messageId !== undefined && messageId.length > 50) throw badArgument('messageId: at most 50 characters');
      if (station.registration !== 'Accepted') throw new ConsoleError('BUSY', 'the CSMS has not accepted the station: DataTransfer cannot be sent now');
      const req: { vendorId: string; messageId?: string; data?: unknown } = { vendorId };
      if (messageId !== undefined) req.messageId = messageId;
      if (data !== undefined) req.data = dataOf(data);
      let res;
      try {
        res = await station.dataTransfer.send(req);
      } catch (err) {
        throw new ConsoleError('BUSY', `DataTransfer not answered: ${(err as Error).message}`);
      }
      const text = columns([
        ['status', res.status],
        ...(res.data !== undefined ? [['data', typeof res.data === 'string' ? res.data : JSON.stringify(res.data)] as [string, string]] : []),
        ...(res.statusInfo ? [['statusInfo', `${res.statusInfo.reasonCode}${res.statusInfo.additionalInfo ? `: ${res.statusInfo.additionalInfo}` : ''}`] as [string, string]] : []),
      ]);
      return { data: res, text };
    },
  },
];
