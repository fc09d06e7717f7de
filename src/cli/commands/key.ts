import { Command } from 'commander';
import { withDoor, withCommonOptions, type CommonOptions } from '../context.js';
import { printJson, printLines } from '../output.js';

/** `goldenhour key show`: the bundle-signing key's fingerprint, to read out to a recipient. */
export function keyCommand(): Command {
  const key = new Command('key').description("this installation's bundle-signing key");
  key.addCommand(
    withCommonOptions(new Command('show').description('print the signing key fingerprint (the key is made on first use)')).action(async (options: CommonOptions) => {
      const shown = await withDoor(options, (api) => api.call('key.show', {}));
      if (options.json) printJson(shown);
      else {
        printLines([
          `Bundle-signing key (Ed25519): ${shown.path}`,
          `Fingerprint (SHA-256 of the raw public key):`,
          `  ${shown.fingerprintGrouped}`,
          'Recipients compare this with the "Key" line of `goldenhour verify` (or seal.json) by another channel.',
          '',
          shown.publicKeyPem.trimEnd(),
        ]);
      }
    }),
  );
  return key;
}
