/**
 * Polls the SMS Partner Trigger the way n8n's active-workflow code does: one
 * PollContext (n8n-core's own) per poll on the workflow of the activation, in
 * "trigger" mode, with the workflow's static data kept between polls. What n8n
 * saves to its database is mimicked too: the static data as it stands after the
 * activation's poll and after every poll that emitted; `restart()` reloads the
 * workflow from that, losing what only lived in memory, as an n8n restart does.
 */
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWorkflowSettings,
} from 'n8n-workflow';

import { additionalDataFor, nodeTypeFor, nodeTypes, SMS_PARTNER_TRIGGER_TYPE } from './harness';

export const TRIGGER_NAME = 'SMS Partner Trigger';

export interface PollResult {
	/** The items the poll emitted; null when it emitted nothing. */
	items: IDataObject[] | null;
	/** What the poll threw (n8n shows it as the trigger's error). */
	error?: Error & { description?: string | null };
}

export class TriggerHarness {
	/** The static data as n8n's database holds it. */
	saved: IDataObject = {};
	private workflow!: Workflow;
	private activated = false;
	private restarted = false;

	constructor(
		private readonly parameters: INodeParameters,
		private readonly credentials: { apiKey: string; baseUrl: string },
	) {
		this.load();
	}

	private node(): INode {
		return {
			id: 'trigger',
			name: TRIGGER_NAME,
			type: SMS_PARTNER_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: this.parameters,
			credentials: { smsPartnerApi: { id: '1', name: 'SMS Partner (sandbox)' } },
		};
	}

	private load() {
		this.workflow = new Workflow({
			id: 'trigger-test',
			name: 'trigger test',
			nodes: [this.node()],
			connections: {},
			active: true,
			nodeTypes,
			staticData: structuredClone(this.saved),
			settings: { executionOrder: 'v1' } as IWorkflowSettings,
		});
	}

	/** The static data in the running workflow's memory, as plain JSON. */
	get staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** Changes a parameter, as saving the workflow in the editor does (the static data stays). */
	setParameter(name: string, value: unknown) {
		(this.parameters as IDataObject)[name] = value as IDataObject[string];
		this.load();
	}

	/** n8n restarts: the workflow comes back from the database. */
	restart() {
		this.load();
		this.activated = false;
		this.restarted = true;
	}

	async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<PollResult> {
		const node = this.workflow.getNode(TRIGGER_NAME)!;
		// n8n's activation modes: 'activate' when the workflow is switched on, 'init' after a restart.
		const activation = this.restarted ? 'init' : 'activate';
		const context = new PollContext(
			this.workflow,
			node,
			additionalDataFor(this.credentials),
			mode,
			mode === 'manual' ? 'manual' : activation,
		);
		const nodeType = nodeTypeFor(SMS_PARTNER_TRIGGER_TYPE);
		let output: INodeExecutionData[][] | null;
		try {
			output = await nodeType.poll!.call(context);
		} catch (error) {
			return { items: null, error: error as PollResult['error'] };
		}
		const emitted = output !== null;
		if (mode === 'trigger' && (emitted || !this.activated)) {
			this.saved = this.staticData;
		}
		if (mode === 'trigger') this.activated = true;
		return { items: output ? output[0].map((item) => item.json) : null };
	}
}
