/**
 * What n8n's AI Agent is told each operation does, computed the way n8n computes
 * it: the node's tool version ("…Tool", as n8n derives it), its parameters with
 * defaults filled in, then n8n-workflow's own getToolDescriptionForNode.
 */
import { NodeHelpers, type INode, type INodeType } from 'n8n-workflow';

import { SmsPartner } from '../../nodes/SmsPartner/SmsPartner.node';
import * as account from '../../nodes/SmsPartner/actions/account/Account.resource';
import * as contact from '../../nodes/SmsPartner/actions/contact/Contact.resource';
import * as group from '../../nodes/SmsPartner/actions/group/Group.resource';
import * as number from '../../nodes/SmsPartner/actions/number/Number.resource';
import * as sms from '../../nodes/SmsPartner/actions/sms/Sms.resource';
import * as stopList from '../../nodes/SmsPartner/actions/stopList/StopList.resource';
import * as subAccount from '../../nodes/SmsPartner/actions/subAccount/SubAccount.resource';

const RESOURCES = { account, contact, group, number, sms, stopList, subAccount };

/** The node as n8n wraps it for the agent: same properties, a name ending in "Tool". */
function toolType(): INodeType {
	const node = new SmsPartner();
	return { ...node, description: { ...node.description, name: `${node.description.name}Tool` } };
}

function toolDescription(resource: string, operation: string, type = toolType()): string {
	const parameters = NodeHelpers.getNodeParameters(
		type.description.properties,
		{ resource, operation },
		true,
		false,
		{ typeVersion: 1 },
		type.description,
	);
	const node: INode = {
		id: 'tool',
		name: 'SMS Partner',
		type: `n8n-nodes-smspartner.${type.description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters ?? {},
	};
	return NodeHelpers.getToolDescriptionForNode(node, type);
}

/** Send and Wait for Reply is no tool: an agent cannot wait hours for a person. */
const NOT_TOOLS = ['sendAndWaitForReply'];

const CASES = Object.entries(RESOURCES).flatMap(([resource, { operations }]) =>
	Object.entries(operations)
		.filter(([operation]) => !NOT_TOOLS.includes(operation))
		.map(([operation, definition]) => ({
			resource,
			operation,
			// Refused under Retry On Fail for a reason of its own (Get Costs: a rate limit), it changes nothing.
			changes: definition.refusesRetryOnFail && definition.retryOnFailReason === undefined,
		})),
);

test('Send and Wait for Reply is hidden from the AI Agent, and shown on the plain node', () => {
	const operationField = (type: INodeType) =>
		type.description.properties.find(
			(property) =>
				property.name === 'operation' && property.displayOptions?.show?.resource?.[0] === 'sms',
		);
	const option = (operationField(toolType())?.options ?? []).find(
		(entry) => 'value' in entry && entry.value === 'sendAndWaitForReply',
	) as { displayOptions?: { hide?: Record<string, unknown[]> } } | undefined;
	expect(option?.displayOptions?.hide?.['@tool']).toEqual([true]);
	const tool = { ...toolType().description, name: 'smsPartnerTool' };
	expect(
		NodeHelpers.displayParameter(
			{ operation: 'send' },
			option as never,
			{ typeVersion: 1 } as never,
			tool,
		),
	).toBe(false);
	expect(
		NodeHelpers.displayParameter(
			{ operation: 'send' },
			option as never,
			{ typeVersion: 1 } as never,
			new SmsPartner().description,
		),
	).toBe(true);
});

test.each(CASES)(
	'$resource › $operation tells the agent what it does, in its own words',
	({ resource, operation }) => {
		const text = toolDescription(resource, operation);
		expect(text).toMatch(/SMS Partner/);
		// Not n8n's automatic "<action> in SMS Partner".
		expect(text).not.toMatch(/ in SMS Partner$/);
		expect(text.length).toBeGreaterThan(80);
	},
);

test.each(CASES.filter((c) => c.changes))(
	'$resource › $operation says what repeating it does and that it cannot be undone',
	({ resource, operation }) => {
		const text = toolDescription(resource, operation);
		// A subaccount deleted once cannot be deleted again: "for good" is what it must say.
		if (operation === 'delete') expect(text).toMatch(/for good/);
		else expect(text).toMatch(/every call (moves|sends|creates|writes)/);
		expect(text).toMatch(/cannot be (undone|recalled)/);
	},
);

test.each(CASES.filter((c) => c.operation.startsWith('get')))(
	'$resource › $operation says it only reads',
	({ resource, operation }) => {
		expect(toolDescription(resource, operation)).toMatch(/It only reads: nothing changes\./);
	},
);

test('the field shows only on the tool: the plain node has no Tool Description', () => {
	const plain = new SmsPartner();
	const parameters = NodeHelpers.getNodeParameters(
		plain.description.properties,
		{ resource: 'subAccount', operation: 'removeCredit' },
		true,
		false,
		{ typeVersion: 1 },
		plain.description,
	);
	expect(parameters).not.toHaveProperty('toolDescription');
	expect(toolDescription('subAccount', 'removeCredit')).toMatch(
		/^Moves euros from one SMS Partner/,
	);
});

test('Account › Get Costs tells the agent SMS Partner answers it 5 times a minute', () => {
	expect(toolDescription('account', 'getCosts')).toMatch(
		/at most 5 times a minute: call it once per question/,
	);
});
