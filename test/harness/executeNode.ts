/**
 * Runs the node inside n8n's own engine: n8n-core's ExecuteContext, the context n8n builds for a
 * node, on a Workflow of n8n-workflow. So the node meets n8n's real helpers: HTTP through n8n's own
 * request code (redirects, the execution's cancel signal, timeouts), binary data in n8n-core's
 * BinaryDataService (filesystem mode, or the in-memory mode for one run), parameters resolved by
 * n8n-workflow (the description's defaults, expressions per item), and On Error as a node setting,
 * the way the editor saves it. Requests really go over the network to the test server.
 *
 * One part is not n8n-core's: the credentials helper. n8n's CredentialsHelper lives in the n8n
 * application (packages/cli), not in n8n-core; this one hands over the credential as it is stored
 * and applies the credential type's own `authenticate`, which is what n8n's does for such a type.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { CometApi } from '../../credentials/CometApi.credentials';
import { IdeogramEdit } from '../../nodes/IdeogramEdit/IdeogramEdit.node';

// n8n-core reads its folders from the environment when its services are first created.
const USER_FOLDER = fs.mkdtempSync(path.join(os.tmpdir(), 'cometapi-n8n-core-'));
process.env.N8N_USER_FOLDER = USER_FOLDER;
// n8n 1.x warns about the settings file's permissions in a folder made for one test file.
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS = 'false';
process.on('exit', () => fs.rmSync(USER_FOLDER, { recursive: true, force: true }));
const { Container } = require('@n8n/di') as typeof import('@n8n/di');
const { BinaryDataConfig, BinaryDataService, ExecuteContext } = require('n8n-core') as typeof import('n8n-core');
const { createEmptyRunExecutionData, ICredentialsHelper, Workflow } = require('n8n-workflow') as typeof import('n8n-workflow');

export interface InputFileSpec {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
	/** Its stored file is removed before the run, as when n8n's binary data store has lost it. */
	unreadable?: boolean;
	/** Its size is not on the item, as n8n 1.x stores files. */
	sizeNotRecorded?: boolean;
}

export interface InputItem {
	json?: IDataObject;
	binary?: Record<string, InputFileSpec>;
}

/**
 * A parameter value, or a function of the item index: the value an expression gives for that item.
 * It becomes a real n8n expression (`={{ $json… }}`) evaluated by n8n-workflow per item.
 */
export type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface RunOptions {
	parameters?: Record<string, ParameterValue>;
	items: InputItem[];
	credentials: { apiKey: string; baseUrl: string };
	/** The credential's id in the workflow (another id is another saved credential). */
	credentialId?: string;
	/** On Error: Continue (using regular output), as the editor saves it. */
	continueOnFail?: boolean;
	/** The execution's cancel signal, as n8n hands it to the node; aborting it is the user's Stop. */
	cancelSignal?: AbortSignal;
	/** n8n's binary data mode for the run: its filesystem store (the default) or in memory. */
	binaryMode?: 'filesystem' | 'default';
	/** The node's version: 1.1 (what a new node gets) unless a test is of a node saved at 1. */
	typeVersion?: 1 | 1.1;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** Downloaded binaries, read back from n8n's binary data store. */
	binary(itemIndex: number, field?: string): Buffer | undefined;
}

class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly data: ICredentialDataDecryptedObject,
		private readonly type: CometApi,
	) {
		super();
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async authenticate(credentials: ICredentialDataDecryptedObject, typeName: string, requestOptions: IHttpRequestOptions) {
		if (typeName !== this.type.name) throw new Error(`unknown credential type ${typeName}`);
		return await this.type.authenticate(credentials, requestOptions);
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties() {
		return this.type.properties;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the node');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

/** Which n8n the node runs in: this project's n8n-core 2.41, or n8n 1.x's in the node-n8n1 project. */
export const engine = {
	n8nCore: (require('n8n-core/package.json') as { version: string }).version,
	n8nWorkflow: (require('n8n-workflow/package.json') as { version: string }).version,
	get major(): number {
		return Number(this.n8nWorkflow.split('.')[0]);
	},
};

/**
 * Stops the timers n8n-core's services start for a process (the SSH clients' clean-up and the
 * cron log): n8n stops them as it exits; 1.x does not unref them, which would keep a test file's
 * process alive once its tests are done.
 */
export function stopEngine() {
	const services: Array<[string, string, string]> = [
		['n8n-core/dist/execution-engine/ssh-clients-manager', 'SSHClientsManager', 'cleanupTimer'],
		['n8n-core/dist/execution-engine/scheduled-task-manager', 'ScheduledTaskManager', 'logInterval'],
	];
	for (const [file, name, timer] of services) {
		const Service = (require(file) as Record<string, new () => unknown>)[name];
		if (Service && Container.has(Service)) clearInterval((Container.get(Service) as Record<string, NodeJS.Timeout>)[timer]);
	}
}

/** n8n-core's binary data service, which the node's binary helpers use: for tests that watch how files are read. */
export function binaryDataService() {
	return Container.get(BinaryDataService);
}

let executions = 0;
let initialised: Promise<void> | undefined;

/** n8n-core's binary data store, in the mode asked for. */
async function binaryStore(mode: 'filesystem' | 'default') {
	const config = Container.get(BinaryDataConfig);
	const service = Container.get(BinaryDataService);
	initialised ??= service.init();
	await initialised;
	if (config.mode !== mode) {
		config.mode = mode;
		await service.init();
	}
	return service;
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const binary = await binaryStore(options.binaryMode ?? 'filesystem');
	const executionId = String(++executions);
	const workflowId = 'cometapiTestFlow';
	const location = { type: 'execution' as const, workflowId, executionId };

	// A function parameter is an expression: its value per item travels in the item's JSON.
	const parameters: IDataObject = {};
	const perItem: IDataObject[] = options.items.map(() => ({}));
	for (const [name, value] of Object.entries({ ...options.parameters })) {
		if (typeof value !== 'function') {
			parameters[name] = value as IDataObject[string];
			continue;
		}
		const key = `__expression_${name}`;
		options.items.forEach((_, i) => (perItem[i][key] = (value as (i: number) => unknown)(i) as IDataObject[string]));
		parameters[name] = `={{ $json[${JSON.stringify(key)}] }}`;
	}

	const items: INodeExecutionData[] = [];
	// One file spec on several items is stored once, as n8n's Merge node hands one file to many items.
	const storedSpecs = new Map<InputFileSpec, IBinaryData>();
	for (const [i, item] of options.items.entries()) {
		const binaries: Record<string, IBinaryData> = {};
		for (const [field, spec] of Object.entries(item.binary ?? {})) {
			const already = storedSpecs.get(spec);
			if (already) {
				binaries[field] = { ...already };
				continue;
			}
			const stored = await binary.store(location, spec.data, {
				data: '',
				mimeType: spec.mimeType ?? 'application/octet-stream',
				fileName: spec.fileName,
			});
			if (spec.unreadable && stored.id) fs.rmSync(await binary.getPath(stored.id), { force: true });
			if (spec.sizeNotRecorded) delete stored.bytes;
			storedSpecs.set(spec, stored);
			binaries[field] = stored;
		}
		items.push({
			json: { ...item.json, ...perItem[i] },
			...(item.binary ? { binary: binaries } : {}),
			pairedItem: { item: i },
		});
	}

	const nodeType = new IdeogramEdit();
	const credentialType = new CometApi();
	const node: INode = {
		id: 'b36a2d6c-0c16-4a7c-9d1e-5a1f0c3e7a11',
		name: 'Ideogram Edit',
		type: 'n8n-nodes-cometapi.ideogramEdit',
		typeVersion: options.typeVersion ?? 1.1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { [credentialType.name]: { id: options.credentialId ?? 'cometApiTest0001', name: 'Comet API account' } },
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType as INodeType,
		getByNameAndVersion: () => nodeType as INodeType,
		getKnownTypes: () => ({}),
	};
	// n8n-workflow fills in the description's defaults for every parameter not set.
	const workflow = new Workflow({ id: workflowId, nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const workflowNode = workflow.getNode(node.name)!;
	const additionalData = {
		executionId,
		credentialsHelper: new TestCredentialsHelper(options.credentials as unknown as ICredentialDataDecryptedObject, credentialType),
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		formWaitingBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
	} as unknown as IWorkflowExecuteAdditionalData;

	const context = new ExecuteContext(
		workflow,
		workflowNode,
		additionalData,
		'manual',
		createEmptyRunExecutionData(),
		0,
		items,
		{ main: [items] },
		{ node: workflowNode, data: { main: [items] }, source: null },
		[],
		options.cancelSignal,
	);
	const [output] = (await nodeType.execute!.call(context)) as INodeExecutionData[][];

	// Read the results back from n8n's store now, so that tests can look at them as plain bytes.
	const files = new Map<string, Buffer>();
	for (const [i, item] of output.entries()) {
		for (const [field, data] of Object.entries(item.binary ?? {})) files.set(`${i}/${field}`, await binary.getAsBuffer(data));
	}
	return {
		items: output,
		binary: (itemIndex, field = 'data') => files.get(`${itemIndex}/${field}`),
	};
}
