'use strict';
/** Command-line options of the project's programs: `--flag value`, else an environment variable, else a default. */

function option(flag, envName, fallback) {
	const index = process.argv.indexOf(flag);
	if (index !== -1 && process.argv[index + 1]) return process.argv[index + 1];
	return process.env[envName] || fallback;
}

/** A switch: `--flag`, or the environment variable set to 1. */
const flag = (name, envName) => process.argv.includes(name) || process.env[envName] === '1';

module.exports = { option, flag };
