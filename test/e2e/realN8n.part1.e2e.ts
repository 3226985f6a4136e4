/** realN8n.suite.ts, part 1 of the versions (parts.ts). */
import { realN8nSuite } from './realN8n.suite';

realN8nSuite(1);
