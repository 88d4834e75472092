import { describe, expect, it } from 'vitest';
import { InProcessTarget } from '../../../src/cli/in-process-target.js';
import type { TargetEvent } from '../../../src/cli/target.js';

describe('InProcessTarget', () => {
  it('answers console lines with structured replies, one at a time', async () => {
    const target = await InProcessTarget.open({ id: 'CP-T1' });
    const [version, bogus] = await Promise.all([target.request('version'), target.request('bogus')]);
    expect(version).toMatchObject({ ok: true, data: { firmware: '6.0.0', bootloader: '1.2.0', stationId: 'CP-T1' } });
    expect(bogus).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    await target.close();
  });

  it('still answers after `json off` (text replies rebuilt)', async () => {
    const target = await InProcessTarget.open({ id: 'CP-T2' });
    expect(await target.request('json off')).toMatchObject({ ok: true });
    expect(await target.request('bogus')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const reply = await target.request('version');
    expect(reply.ok && (reply.data as { text: string[] }).text.join('\n')).toContain('6.0.0');
    await target.close();
  });

  it('hands events to onEvent', async () => {
    const target = await InProcessTarget.open({ id: 'CP-T3' });
    const events: TargetEvent[] = [];
    target.onEvent((e) => events.push(e));
    await target.request('reasons start 0x18');
    expect(events.some((e) => e.event === 'log')).toBe(true);
    await target.close();
  });
});
