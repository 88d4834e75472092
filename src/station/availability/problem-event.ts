import type { StationBase } from '../host.js';
import type { ComponentRef } from '../model/types.js';

export interface ProblemEventHost extends Pick<StationBase, 'clock' | 'store'> {
  send<T = any>(action: string, payload: object): Promise<T>;
}

const LAST_EVENT_ID = 'notifyEvent.lastEventId';

/**
 * A hardware fault appears (Problem true) or clears (false, cleared): a
 * NotifyEvent of the component's Problem variable, hard-wired, trigger
 * Delta. Event ids keep counting across restarts. Rejects when not sent.
 */
export async function sendProblemEvent(host: ProblemEventHost, component: ComponentRef, problem: boolean, techInfo: string): Promise<void> {
  const timestamp = new Date(host.clock.now()).toISOString();
  const eventData: Record<string, unknown> = {
    eventId: nextEventId(host),
    timestamp,
    trigger: 'Delta',
    actualValue: problem ? 'true' : 'false',
    techInfo,
    eventNotificationType: 'HardWiredNotification',
    component,
    variable: { name: 'Problem' },
  };
  if (!problem) eventData.cleared = true;
  await host.send('NotifyEvent', { generatedAt: timestamp, seqNo: 0, eventData: [eventData] });
}

function nextEventId(host: Pick<StationBase, 'store'>): number {
  const id = Number(host.store.getMeta(LAST_EVENT_ID) ?? '0') + 1;
  host.store.setMeta(LAST_EVENT_ID, String(id));
  return id;
}
