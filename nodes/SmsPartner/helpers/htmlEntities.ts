/**
 * The named HTML entities an encoder may write a key's characters as: HTML 4's Latin-1
 * table (what PHP's htmlentities() writes for é, ©, …), its few others, and HTML 5's
 * names for the ASCII punctuation an API key may hold.
 */

/** HTML 4's names for U+00A0 to U+00FF, in order. */
const LATIN_1 =
	'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr ' +
	'deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest ' +
	'Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ' +
	'ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig ' +
	'agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml ' +
	'eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';

const OTHERS: Record<string, number> = {
	quot: 0x22,
	amp: 0x26,
	apos: 0x27,
	lt: 0x3c,
	gt: 0x3e,
	OElig: 0x152,
	oelig: 0x153,
	Scaron: 0x160,
	scaron: 0x161,
	Yuml: 0x178,
	circ: 0x2c6,
	tilde: 0x2dc,
	ndash: 0x2013,
	mdash: 0x2014,
	lsquo: 0x2018,
	rsquo: 0x2019,
	sbquo: 0x201a,
	ldquo: 0x201c,
	rdquo: 0x201d,
	bdquo: 0x201e,
	dagger: 0x2020,
	Dagger: 0x2021,
	permil: 0x2030,
	lsaquo: 0x2039,
	rsaquo: 0x203a,
	euro: 0x20ac,
	Tab: 0x09,
	NewLine: 0x0a,
	excl: 0x21,
	num: 0x23,
	dollar: 0x24,
	percnt: 0x25,
	lpar: 0x28,
	rpar: 0x29,
	ast: 0x2a,
	midast: 0x2a,
	plus: 0x2b,
	comma: 0x2c,
	period: 0x2e,
	sol: 0x2f,
	colon: 0x3a,
	semi: 0x3b,
	equals: 0x3d,
	quest: 0x3f,
	commat: 0x40,
	lsqb: 0x5b,
	lbrack: 0x5b,
	bsol: 0x5c,
	rsqb: 0x5d,
	rbrack: 0x5d,
	Hat: 0x5e,
	lowbar: 0x5f,
	grave: 0x60,
	lcub: 0x7b,
	lbrace: 0x7b,
	verbar: 0x7c,
	vert: 0x7c,
	rcub: 0x7d,
	rbrace: 0x7d,
};

const ENTITIES = new Map<string, string>([
	...LATIN_1.split(' ').map((name, index): [string, string] => [
		name,
		String.fromCharCode(0xa0 + index),
	]),
	...Object.entries(OTHERS).map(([name, code]): [string, string] => [
		name,
		String.fromCharCode(code),
	]),
]);
/** Browsers read `&AMP;` and `&QUOT;` too, and a whole text may have been upper-cased. */
const BY_LOWER_CASE = new Map(
	[...ENTITIES].reverse().map(([name, char]): [string, string] => [name.toLowerCase(), char]),
);

export function namedEntity(name: string): string | undefined {
	return ENTITIES.get(name) ?? BY_LOWER_CASE.get(name.toLowerCase());
}
