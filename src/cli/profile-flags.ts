import { Flags } from '@oclif/core';

/** Optional parts of a connection profile, shared by `network set` and `network add`. `--ocpp` here is the profile's OCPP version. */
export const profileFlags = {
  sp: Flags.integer({ description: 'security profile 0-3', min: 0, max: 3 }),
  apn: Flags.string({ description: 'cellular APN' }),
  'apn-user': Flags.string({ description: 'APN user name', dependsOn: ['apn'] }),
  'apn-password': Flags.string({ description: 'APN password', dependsOn: ['apn'] }),
  ocpp: Flags.option({ description: 'OCPP version of this profile', options: ['2.0.1', '1.6'] as const })(),
};
