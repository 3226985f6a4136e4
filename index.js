// n8n loads this package through the "n8n" section of package.json (dist/...), not through a
// main module: this file only keeps the n8n-nodes-starter layout, and is not published.
module.exports = {};
