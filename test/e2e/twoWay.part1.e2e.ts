/** twoWay.suite.ts, part 1 of the versions (parts.ts). */
import { twoWaySuite } from './twoWay.suite';

twoWaySuite(1);
