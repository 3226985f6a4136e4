/** events.suite.ts, part 2 of the versions (parts.ts). */
import { eventsSuite } from './events.suite';

eventsSuite(2);
