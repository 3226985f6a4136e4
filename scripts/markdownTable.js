'use strict';

/** A Markdown table of `rows` under `header`, columns padded to their widest cell. */
function markdownTable(header, rows) {
	const lines = [header, ...rows].map((line) => line.map(String));
	const widths = header.map((_, column) => Math.max(...lines.map((line) => line[column].length)));
	const format = (line) =>
		`| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [
		format(lines[0]),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...lines.slice(1).map(format),
	].join('\n');
}

module.exports = { markdownTable };
