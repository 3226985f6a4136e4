'use strict';
/**
 * The package's programmatic entry (package.json "main"). n8n itself loads the
 * node and the credential through the "n8n" section of package.json; code that
 * wants the classes directly (a test harness, another tool) requires the package.
 */
const { SmsPartner } = require('./dist/nodes/SmsPartner/SmsPartner.node.js');
const { SmsPartnerApi } = require('./dist/credentials/SmsPartnerApi.credentials.js');

module.exports = { SmsPartner, SmsPartnerApi };
