/**
 * The end-to-end suites that run once per n8n version are each cut into PARTS files
 * (`<name>.part1.e2e.ts` …), one version each by default, so that jest runs them side
 * by side: most of their time is waiting for n8n (its start, its minute-long poll and
 * wait-tracker intervals), not the CPU.
 */
export const PARTS = 3;

/** Runs `suite` under `title` for the versions of part `part` (1 to PARTS): every PARTS-th of the list. */
export function versionsPart(
	versions: string[],
	part: number,
	title: string,
	suite: (version: string) => void,
) {
	const mine = versions.filter((_, index) => index % PARTS === part - 1);
	if (mine.length === 0) {
		test.skip(`no n8n version for part ${part} of ${PARTS}`, () => undefined);
		return;
	}
	describe.each(mine)(title, suite);
}
