/** realN8n.suite.ts, part 2 of the versions (parts.ts). */
import { realN8nSuite } from './realN8n.suite';

realN8nSuite(2);
