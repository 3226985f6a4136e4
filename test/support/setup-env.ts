// n8n-core reads these when it first loads: a throwaway user folder, no log output.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'smspartner-n8n-'));
process.env.N8N_ENCRYPTION_KEY ??= 'smspartner-test-encryption-key';
process.env.N8N_LOG_LEVEL = 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
