// n8n's own lint configuration for community nodes (`@n8n/node-cli`, what `n8n-node lint` runs),
// applied to the files that are published. See README, "Verification checklist", for why the
// project's eslint.config.mjs is not n8n-node's template itself.
import { config } from '@n8n/node-cli/eslint';

export default config;
