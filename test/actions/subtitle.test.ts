/**
 * The canvas subtitle, computed as n8n's editor computes it: the node's subtitle
 * expression evaluated by n8n-workflow against the node's parameters.
 */
import {
	Workflow,
	type INode,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { SmsPartner } from '../../nodes/SmsPartner/SmsPartner.node';
import { SmsPartnerTrigger } from '../../nodes/SmsPartner/SmsPartnerTrigger.node';

const nodeType = new SmsPartner();
const nodeTypes: INodeTypes = {
	getByName: () => nodeType as INodeType,
	getByNameAndVersion: () => nodeType as INodeType,
	getKnownTypes: () => ({}),
};

function subtitleOf(resource: string, operation: string): unknown {
	const node: INode = {
		id: 'sms-partner',
		name: 'SMS Partner',
		type: 'n8n-nodes-smspartner.smsPartner',
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource, operation },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(
		node,
		nodeType.description.subtitle as string,
		'internal',
		{},
	);
}

/** Every resource's operations, as the panel lists them. */
const OPERATIONS = nodeType.description.properties
	.filter((property) => property.name === 'operation')
	.flatMap((property) =>
		(property.displayOptions?.show?.resource as string[]).flatMap((resource) =>
			(property.options as INodePropertyOptions[]).map(
				(option) => [resource, String(option.value), option.name] as const,
			),
		),
	);

test('every operation of every resource is listed', () => {
	expect(OPERATIONS).toHaveLength(27);
});

test.each(OPERATIONS)('%s › %s shows "%s" on the canvas', (resource, operation, name) => {
	expect(subtitleOf(resource, operation)).toBe(name);
});

describe('the trigger', () => {
	const trigger = new SmsPartnerTrigger();
	const events = trigger.description.properties.find((property) => property.name === 'event')
		?.options as INodePropertyOptions[];

	test.each(events.map((event) => [String(event.value), event.name]))(
		'event %s shows "%s" on the canvas',
		(event, name) => {
			const node: INode = {
				id: 'sms-partner-trigger',
				name: 'SMS Partner Trigger',
				type: 'n8n-nodes-smspartner.smsPartnerTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { event },
			};
			const workflow = new Workflow({
				nodes: [node],
				connections: {},
				active: false,
				nodeTypes: { ...nodeTypes, getByNameAndVersion: () => trigger as INodeType },
			});
			expect(
				workflow.expression.getSimpleParameterValue(
					node,
					trigger.description.subtitle as string,
					'internal',
					{},
				),
			).toBe(name);
		},
	);
});
