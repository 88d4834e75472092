/**
 * `fw`, `fw install <file|url>`, `forcefirmwarepermanent`: the firmware on
 * the console (release notes sections 3 and 7; L01 from the technician's
 * side). An image is checked before anything changes: signature, platform,
 * bootloader, every section.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { imageVersions } from '../../firmware/block.js';
import type { Station } from '../../station.js';
import { badArgument, type Command, ConsoleError } from '../types.js';
import { columns, expectArgs } from './args.js';

export function firmwareView(station: Station) {
  const installed = station.firmware.installed;
  const job = station.firmware.job;
  const inactive = installed.active === 'A' ? 'B' : 'A';
  return {
    firmware: station.firmware.firmwareVersion,
    slot: installed.active,
    trial: installed.trial,
    otherSlot: { slot: inactive, firmware: installed.slots[inactive] },
    bootloader: installed.bootloader,
    video: installed.video,
    recovery: installed.recovery,
    pending: job ? { requestId: job.origin === 'csms' ? job.requestId : null, origin: job.origin, phase: job.phase, location: job.location, image: job.image ?? null } : null,
    lastStatus: station.firmware.lastStatus,
  };
}

export const firmwareCommands: Command[] = [
  {
    words: ['fw'],
    usage: 'fw',
    summary: 'running firmware, bootloader, resources, the pending image and its state',
    run({ station, args }) {
      expectArgs(args, 0, 0, 'fw');
      const v = firmwareView(station);
      const text = [
        ...(v.recovery ? ['RECOVERY: power was lost while the bootloader was written; install a minimal firmware FWI: fw install <file>'] : []),
        ...(v.pending?.phase === 'WritingBootloader' ? ['WRITING THE BOOTLOADER: do not switch the power off (release notes 3.1.1)'] : []),
        ...columns([
          ['firmware', `${v.firmware} (slot ${v.slot}${v.trial ? ', on trial: forcefirmwarepermanent keeps it' : ''})`],
          ['other slot', v.otherSlot.firmware ? `${v.otherSlot.firmware} (slot ${v.otherSlot.slot})` : `empty (slot ${v.otherSlot.slot})`],
          ['bootloader', v.bootloader],
          ['video', v.video ?? 'none'],
          ['pending', v.pending ? `${v.pending.phase}: ${v.pending.image ? `${v.pending.image.kind} ${imageVersions(v.pending.image)} ` : ''}from ${v.pending.location}${v.pending.requestId !== null ? ` (request ${v.pending.requestId})` : ''}` : 'none'],
          ['last status', `${v.lastStatus.status}${v.lastStatus.requestId ? ` (request ${v.lastStatus.requestId})` : ''}`],
        ]),
      ];
      return { data: v, text };
    },
  },
  {
    words: ['fw', 'install'],
    usage: 'fw install <file.fwi|http(s)://…|ftp://…>',
    summary: 'install an FWI image locally (what a technician upload ends in); the station reboots into it',
    async run({ station, args }) {
      expectArgs(args, 1, 1, 'fw install <file.fwi|url>');
      const source = args[0]!;
      let result;
      if (/^(https?|ftps?):\/\//i.test(source)) {
        result = await station.firmware.installLocal({ url: source });
      } else {
        let bytes: Buffer;
        try {
          bytes = readFileSync(source);
        } catch (err) {
          throw badArgument(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        result = await station.firmware.installLocal({ bytes, name: basename(source) });
      }
      if (!result.ok) throw new ConsoleError(result.error.startsWith('a firmware job') ? 'BUSY' : 'BAD_ARGUMENT', result.error);
      return { data: firmwareView(station), text: [result.text] };
    },
  },
  {
    words: ['forcefirmwarepermanent'],
    usage: 'forcefirmwarepermanent',
    summary: 'keep the firmware that runs on trial (else the next boot goes back to the one before)',
    run({ station, args }) {
      expectArgs(args, 0, 0, 'forcefirmwarepermanent');
      const text = station.firmware.makePermanent();
      return { data: firmwareView(station), text: [text] };
    },
  },
];
