/** Paris wall time for tests, read with Intl (independently of the node's own schedule code). */

/** The Paris offset at a moment, as ISO writes it: +01:00 or +02:00. */
export function parisOffset(at: number | Date): string {
	const name = new Intl.DateTimeFormat('en', {
		timeZone: 'Europe/Paris',
		timeZoneName: 'longOffset',
	})
		.formatToParts(new Date(at))
		.find((part) => part.type === 'timeZoneName')!.value;
	return name.replace('GMT', '') || '+00:00';
}

/** The Paris calendar day of a moment, as YYYY-MM-DD. */
export function parisDay(at: number | Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date(at));
}
