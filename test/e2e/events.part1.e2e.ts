/** events.suite.ts, part 1 of the versions (parts.ts). */
import { eventsSuite } from './events.suite';

eventsSuite(1);
