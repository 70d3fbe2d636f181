/**
 * Runs the node's real `execute()` outside n8n, with the parts of IExecuteFunctions it uses:
 * parameters with the defaults of the node's own description, binary data through the helpers,
 * and HTTP through axios (what n8n's helpers use) after the credential's own `authenticate`.
 * Requests really go over the network to the test server; nothing is mocked.
 */
import axios, { type AxiosRequestConfig } from 'axios';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CometApi } from '../../credentials/CometApi.credentials';
import { IdeogramEdit } from '../../nodes/IdeogramEdit/IdeogramEdit.node';

export interface InputFileSpec {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
	/** Reading it fails, as a file n8n's filesystem store has lost does. */
	unreadable?: boolean;
}

export interface InputItem {
	json?: IDataObject;
	binary?: Record<string, InputFileSpec>;
}

/** A parameter value, or a function of the item index (what an expression is to n8n). */
export type ParameterValue = unknown | ((itemIndex: number) => unknown);

export interface RunOptions {
	parameters?: Record<string, ParameterValue>;
	items: InputItem[];
	credentials: { apiKey: string; baseUrl: string };
	continueOnFail?: boolean;
	/** The execution's cancel signal, as n8n hands it to the node; aborting it is the user's Stop. */
	cancelSignal?: AbortSignal;
}

export interface RunResult {
	items: INodeExecutionData[];
	/** Downloaded binaries, decoded from the output items. */
	binary(itemIndex: number, field?: string): Buffer | undefined;
}

function defaultsOf(properties: INodeProperties[]): IDataObject {
	const out: IDataObject = {};
	for (const p of properties) out[p.name] = p.default as IDataObject[string];
	return out;
}

function toBinary(spec: InputFileSpec): IBinaryData {
	return {
		...(spec.unreadable ? { unreadable: 'yes' } : {}),
		data: spec.data.toString('base64'),
		mimeType: spec.mimeType ?? 'application/octet-stream',
		fileName: spec.fileName,
		fileSize: String(spec.data.length),
	};
}

function getPath(obj: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((o, key) => (o && typeof o === 'object' ? (o as IDataObject)[key] : undefined), obj);
}

async function httpRequest(options: IHttpRequestOptions) {
	const config: AxiosRequestConfig = {
		url: options.baseURL ? new URL(options.url, options.baseURL).toString() : options.url,
		method: options.method ?? 'GET',
		headers: options.headers as AxiosRequestConfig['headers'],
		data: options.body,
		params: options.qs,
		timeout: options.timeout,
		responseType: (options.encoding as AxiosRequestConfig['responseType']) ?? 'json',
		maxBodyLength: Infinity,
		maxContentLength: Infinity,
		validateStatus: options.ignoreHttpStatusErrors ? () => true : undefined,
		// As n8n maps them (n8n-core's convertN8nRequestToAxios).
		maxRedirects: options.disableFollowRedirect ? 0 : options.maxRedirects,
		signal: options.abortSignal as AbortSignal | undefined,
	};
	const response = await axios.request(config);
	// arraybuffer gives a Buffer and stream the response stream, as n8n's helpers do.
	const body = options.encoding === 'arraybuffer' ? Buffer.from(response.data as ArrayBuffer) : response.data;
	if (options.returnFullResponse) {
		return {
			body,
			headers: { ...response.headers },
			statusCode: response.status,
			statusMessage: response.statusText,
		};
	}
	return body;
}

export async function runNode(options: RunOptions): Promise<RunResult> {
	const nodeType = new IdeogramEdit();
	const credentialType = new CometApi();
	const defaults = defaultsOf(nodeType.description.properties);
	const items: INodeExecutionData[] = options.items.map((item, i) => ({
		json: item.json ?? {},
		binary: item.binary
			? Object.fromEntries(Object.entries(item.binary).map(([k, v]) => [k, toBinary(v)]))
			: undefined,
		pairedItem: { item: i },
	}));
	const node: INode = {
		id: 'test-node',
		name: 'Ideogram Edit',
		type: 'n8n-nodes-cometapi.ideogramEdit',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	const parameter = (name: string, itemIndex: number, fallback?: unknown): unknown => {
		const [top] = name.split('.');
		const given = options.parameters?.[top];
		const value = typeof given === 'function' ? (given as (i: number) => unknown)(itemIndex) : given;
		const source: IDataObject = { ...defaults, ...(value === undefined ? {} : { [top]: value as IDataObject[string] }) };
		const found = getPath(source, name);
		return found === undefined ? fallback : found;
	};

	const helpers = {
		httpRequest,
		async httpRequestWithAuthentication(this: IExecuteFunctions, credentialName: string, request: IHttpRequestOptions) {
			if (credentialName !== 'cometApi') throw new Error(`unknown credential ${credentialName}`);
			// n8n puts the execution's cancel signal in place of the request's own.
			request.abortSignal = options.cancelSignal;
			const authenticated = await credentialType.authenticate(
				options.credentials as unknown as ICredentialDataDecryptedObject,
				request,
			);
			return await httpRequest(authenticated);
		},
		assertBinaryData(itemIndex: number, field: string): IBinaryData {
			const binary = items[itemIndex].binary?.[field];
			if (!binary) throw new NodeOperationError(node, `no binary field ${field}`, { itemIndex });
			return binary;
		},
		async getBinaryDataBuffer(itemIndex: number, field: string): Promise<Buffer> {
			const binary = helpers.assertBinaryData(itemIndex, field);
			if (binary.unreadable) throw new Error(`ENOENT: no such file or directory, open '/home/node/.n8n/storage/${field}'`);
			return Buffer.from(binary.data, 'base64');
		},
		async prepareBinaryData(data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> {
			return toBinary({ data, fileName, mimeType });
		},
	};

	const context = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: parameter,
		continueOnFail: () => options.continueOnFail === true,
		getExecutionCancelSignal: () => options.cancelSignal,
		getCredentials: async () => ({ ...options.credentials }),
		helpers,
	} as unknown as IExecuteFunctions;

	const [output] = await nodeType.execute.call(context);
	return {
		items: output,
		binary(itemIndex: number, field = 'data') {
			const b = output[itemIndex]?.binary?.[field];
			return b ? Buffer.from(b.data, 'base64') : undefined;
		},
	};
}
