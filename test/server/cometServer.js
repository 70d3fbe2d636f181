'use strict';
/**
 * A stand-in for CometAPI's Ideogram Edit endpoint that holds to the documented contract strictly:
 * it parses the multipart body and refuses what CometAPI (and Ideogram behind it) would refuse.
 * It decodes files with sharp, an implementation independent of the node's own format sniffing.
 *
 * Switches (per server with `configure`, per request with `script`) inject the faults that
 * unattended runs meet: latency, the in-flight limit, 429, 5xx, dropped connections, HTML
 * answers, unsafe results and expired image links. Every request is recorded.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const sharp = require('sharp');

const MODELS = ['V_2', 'V_2_TURBO'];
const MAGIC = ['AUTO', 'ON', 'OFF'];
const STYLES = ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN', 'RENDER_3D', 'ANIME'];
const FIELDS = ['image_file', 'mask', 'prompt', 'model', 'magic_prompt_option', 'seed', 'style_type', 'num_images'];
const MAX_FILE = 10 * 1024 * 1024;
const MAX_SEED = 2147483647;

/**
 * @typedef {object} ServerConfig
 * @property {string} apiKey                 the one key accepted
 * @property {number} latencyMs              time an edit takes
 * @property {number} inflightCap            images in flight before 429 (upstream: 10)
 * @property {string|undefined} inflightRetryAfter  Retry-After sent with the in-flight 429
 * @property {string[]} editPaths            paths that serve the edit endpoint
 * @property {'none'|'all'|'first'} unsafe    which results fail the safety check
 * @property {boolean} expireImages          image links answer 404
 * @property {number} downloadFailures       the next N image downloads drop the connection
 * @property {boolean} downloadNotImage      image links answer with an HTML page
 * @property {number} downloadBytes          image links stream this many bytes (0: the real image)
 * @property {boolean} paintResults          results are the input with the mask painted (else a plain
 *                                           image of the size, and the inputs are not kept)
 */

/** @type {ServerConfig} */
const DEFAULTS = {
	apiKey: 'sk-test-0123456789abcdef',
	latencyMs: 0,
	inflightCap: 10,
	inflightRetryAfter: undefined,
	editPaths: ['/edit', '/ideogram/edit'],
	unsafe: 'none',
	expireImages: false,
	downloadFailures: 0,
	downloadNotImage: false,
	downloadBytes: 0,
	paintResults: true,
};

/**
 * A scripted answer for the next edit request, in place of a normal one.
 * `when` picks the request by its text fields (e.g. `{prompt: 'x'}`); without it, the next request.
 * @typedef {{status?: number, body?: unknown, retryAfter?: string, drop?: boolean, html?: boolean, notJson?: boolean, when?: Record<string, string>}} Scripted
 */

function cometError(message, type = 'invalid_request_error', code = null) {
	return { error: { message, type, code } };
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

async function readBody(req) {
	const chunks = [];
	for await (const c of req) chunks.push(c);
	return Buffer.concat(chunks);
}

/** Width, height and format by decoding, or undefined for anything but JPEG/PNG/WEBP. */
async function decodeImage(buf) {
	try {
		const meta = await sharp(buf).metadata();
		if (!['jpeg', 'png', 'webp'].includes(String(meta.format))) return undefined;
		// Decode the pixels too: a truncated file has a valid header but no image.
		await sharp(buf).raw().toBuffer();
		return { format: String(meta.format), width: Number(meta.width), height: Number(meta.height) };
	} catch {
		return undefined;
	}
}

const PAINT = [
	{ r: 176, g: 32, b: 48 },
	{ r: 196, g: 140, b: 60 },
	{ r: 40, g: 96, b: 160 },
	{ r: 60, g: 140, b: 80 },
];

/** The "edited" image: the input photo with the mask's black area painted over, as a PNG. */
async function paintResult({ width, height, source, index }) {
	if (!source) {
		return sharp({ create: { width, height, channels: 3, background: PAINT[index % PAINT.length] } }).png().toBuffer();
	}
	// Black marks the area to edit: invert the mask so that it is the paint's opacity.
	const alpha = await sharp(source.mask).flatten({ background: '#fff' }).greyscale().negate().raw().toBuffer();
	const paint = await sharp({ create: { width, height, channels: 3, background: PAINT[index % PAINT.length] } })
		.joinChannel(alpha, { raw: { width, height, channels: 1 } })
		.png()
		.toBuffer();
	return sharp(source.image).composite([{ input: paint }]).png().toBuffer();
}

async function startCometServer(options = {}) {
	/** @type {ServerConfig} */
	let config = { ...DEFAULTS, ...options };
	/** @type {Scripted[]} */
	let script = [];
	/** @type {any[]} */
	let requests = [];
	/** @type {any[]} */
	let downloads = [];
	/** @type {Map<string, {width:number,height:number,source:{image:Buffer,mask:Buffer},index:number}>} */
	const images = new Map();
	let inFlight = 0;
	let maxInFlight = 0;
	let downloadFailuresLeft = config.downloadFailures;
	/** @type {string} */
	let baseUrl = '';

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	function authorised(req) {
		const header = String(req.headers.authorization || '').trim();
		// CometAPI takes the key with or without the Bearer scheme.
		const key = header.replace(/^Bearer\s+/i, '');
		return key !== '' && key === config.apiKey && !/^Bearer\s/i.test(key);
	}

	/** Checks the multipart body against the contract; returns the problem or the parsed fields. */
	async function parseEdit(req, raw) {
		const type = String(req.headers['content-type'] || '');
		if (!/^multipart\/form-data;\s*boundary=/i.test(type)) {
			return { problem: `Content-Type must be multipart/form-data with a boundary, got "${type}"` };
		}
		let form;
		try {
			form = await new Response(raw, { headers: { 'content-type': type } }).formData();
		} catch (e) {
			return { problem: `multipart body could not be parsed: ${e instanceof Error ? e.message : e}` };
		}
		/** @type {Record<string, any>} */
		const fields = {};
		for (const [name, value] of form.entries()) {
			if (!FIELDS.includes(name)) return { problem: `unknown field "${name}"` };
			if (name in fields) return { problem: `field "${name}" given twice` };
			if (typeof value === 'string') {
				fields[name] = value;
			} else {
				const data = Buffer.from(await value.arrayBuffer());
				fields[name] = { fileName: value.name, mimeType: value.type, size: data.length, data };
			}
		}
		for (const name of ['image_file', 'mask']) {
			const f = fields[name];
			if (f === undefined) return { problem: `${name} is required` };
			if (typeof f === 'string') return { problem: `${name} must be a file` };
			if (f.size === 0) return { problem: `${name} is empty` };
			if (f.size > MAX_FILE) return { problem: `${name} is larger than 10MB` };
			const info = await decodeImage(f.data);
			if (!info) return { problem: `${name}: only JPEG, WEBPs and PNGs are supported at this time` };
			f.info = info;
		}
		if (typeof fields.prompt !== 'string' || fields.prompt.trim() === '') return { problem: 'prompt is required' };
		for (const [name, allowed] of [['model', MODELS], ['magic_prompt_option', MAGIC], ['style_type', STYLES]]) {
			const v = fields[/** @type {string} */ (name)];
			if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v))) {
				return { problem: `${name} must be one of ${allowed.join(', ')}, got "${v}"` };
			}
		}
		for (const [name, min, max] of [['num_images', 1, 8], ['seed', 0, MAX_SEED]]) {
			const v = fields[/** @type {string} */ (name)];
			if (v === undefined) continue;
			if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < Number(min) || Number(v) > Number(max)) {
				return { problem: `${name} must be an integer from ${min} to ${max}, got "${v}"` };
			}
		}
		const image = fields.image_file.info;
		const mask = fields.mask.info;
		if (image.width !== mask.width || image.height !== mask.height) {
			return {
				problem: `mask must have the same dimensions as the image (image ${image.width}x${image.height}, mask ${mask.width}x${mask.height})`,
			};
		}
		return { fields };
	}

	/** The record of a request's fields, without file bytes. */
	function describeFields(fields) {
		if (!fields) return undefined;
		/** @type {Record<string, any>} */
		const out = {};
		for (const [k, v] of Object.entries(fields)) {
			out[k] = typeof v === 'string' ? v : { fileName: v.fileName, mimeType: v.mimeType, size: v.size, ...v.info };
		}
		return out;
	}

	async function handleEdit(req, res, raw, record) {
		if (!authorised(req)) {
			record.status = 401;
			return send(res, 401, cometError('Invalid token (request id: test)', 'comet_api_error', 'invalid_api_key'));
		}
		const parsed = await parseEdit(req, raw);
		if (parsed.problem) {
			record.status = 400;
			record.problem = parsed.problem;
			return send(res, 400, cometError(parsed.problem));
		}
		const fields = parsed.fields;
		record.fields = describeFields(fields);
		const n = Number(fields.num_images ?? '1');

		const at = script.findIndex((s) => !s.when || Object.entries(s.when).every(([k, v]) => fields[k] === v));
		const scripted = at === -1 ? undefined : script.splice(at, 1)[0];
		if (scripted) {
			record.scripted = scripted;
			if (scripted.drop) {
				record.status = 'dropped';
				req.socket.destroy();
				return;
			}
			if (scripted.html || scripted.notJson) {
				record.status = scripted.status ?? 200;
				return send(res, scripted.status ?? 200, '<!DOCTYPE html><html><body><h1>CometAPI</h1></body></html>');
			}
			if (scripted.status) {
				record.status = scripted.status;
				const headers = scripted.retryAfter !== undefined ? { 'retry-after': scripted.retryAfter } : {};
				return send(res, scripted.status, scripted.body ?? cometError(`scripted ${scripted.status}`, 'upstream_error'), headers);
			}
		}

		if (inFlight + n > config.inflightCap) {
			record.status = 429;
			record.rejectReason = 'inflight_limit';
			const headers = config.inflightRetryAfter !== undefined ? { 'retry-after': config.inflightRetryAfter } : {};
			return send(res, 429, { error: 'Too many images in flight for this organisation', reject_reason: 'inflight_limit' }, headers);
		}
		inFlight += n;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			if (config.latencyMs > 0) await sleep(config.latencyMs);
		} finally {
			inFlight -= n;
		}
		const { width, height } = fields.image_file.info;
		// One copy of the inputs per request, shared by its images, to paint the results from.
		const source = config.paintResults ? { image: fields.image_file.data, mask: fields.mask.data } : undefined;
		const data = [];
		for (let i = 0; i < n; i++) {
			const id = crypto.randomBytes(9).toString('base64url');
			const unsafe = config.unsafe === 'all' || (config.unsafe === 'first' && i === 0);
			if (!unsafe) images.set(id, { width, height, source, index: i });
			const magic = fields.magic_prompt_option ?? 'AUTO';
			data.push({
				seed: fields.seed !== undefined ? Number(fields.seed) : crypto.randomInt(0, MAX_SEED),
				prompt: magic === 'OFF' ? fields.prompt : `${fields.prompt}, photographed in soft studio light`,
				resolution: `${width}x${height}`,
				url: unsafe ? '' : `${baseUrl}/images/${id}.png`,
				is_image_safe: !unsafe,
			});
		}
		record.status = 200;
		send(res, 200, { created: new Date().toISOString(), data });
	}

	async function handleImage(req, res, id) {
		const entry = { id, status: 0 };
		downloads.push(entry);
		if (downloadFailuresLeft > 0) {
			downloadFailuresLeft--;
			entry.status = 'dropped';
			req.socket.destroy();
			return;
		}
		const image = images.get(id);
		if (!image || config.expireImages) {
			entry.status = 404;
			return send(res, 404, cometError('image not found or expired', 'not_found'));
		}
		if (config.downloadBytes > 0) {
			// A huge body, written in chunks as long as the client keeps reading.
			entry.status = 200;
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': config.downloadBytes });
			const chunk = Buffer.alloc(1024 * 1024);
			let left = config.downloadBytes;
			const pump = () => {
				while (left > 0) {
					const n = Math.min(left, chunk.length);
					left -= n;
					if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
				}
				res.end();
			};
			res.on('close', () => (left = 0));
			return pump();
		}
		if (config.downloadNotImage) {
			entry.status = 200;
			return send(res, 200, '<html><body>Sign in to view this image</body></html>');
		}
		const png = await paintResult(image);
		entry.status = 200;
		res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
		res.end(png);
	}

	const server = http.createServer(async (req, res) => {
		const path = new URL(req.url || '/', 'http://localhost').pathname;
		try {
			if (req.method === 'GET' && path.startsWith('/images/')) {
				return await handleImage(req, res, path.slice('/images/'.length).replace(/\.png$/, ''));
			}
			if (req.method === 'GET' && path === '/v1/models') {
				if (!authorised(req)) return send(res, 401, cometError('Invalid token (request id: test)', 'comet_api_error', 'invalid_api_key'));
				return send(res, 200, { object: 'list', data: MODELS.map((id) => ({ id: `ideogram-${id}`, object: 'model' })) });
			}
			const raw = await readBody(req);
			const record = {
				time: Date.now(),
				method: req.method,
				path,
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
				status: /** @type {number|string} */ (0),
			};
			requests.push(record);
			if (req.method === 'POST' && config.editPaths.includes(path)) return await handleEdit(req, res, raw, record);
			// CometAPI answers an unknown path with its web page, not JSON.
			record.status = 404;
			return send(res, 404, '<!DOCTYPE html><html><head><title>404</title></head><body>Not Found</body></html>');
		} catch (error) {
			if (!res.headersSent) send(res, 500, cometError(`test server failure: ${error}`, 'server_error'));
		}
	});

	await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
	const address = server.address();
	baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

	function configure(changes) {
		config = { ...config, ...changes };
		if ('downloadFailures' in changes) downloadFailuresLeft = config.downloadFailures;
	}

	function reset() {
		config = { ...DEFAULTS, ...options };
		script = [];
		requests = [];
		downloads = [];
		maxInFlight = 0;
		downloadFailuresLeft = config.downloadFailures;
	}

	return {
		url: baseUrl,
		get apiKey() {
			return config.apiKey;
		},
		/** Requests to anything but images and the model list, in arrival order. */
		get requests() {
			return requests;
		},
		/** Edit requests only. */
		get editRequests() {
			return requests.filter((r) => r.method === 'POST' && config.editPaths.concat(['/edit', '/ideogram/edit']).includes(r.path));
		},
		get downloads() {
			return downloads;
		},
		get maxInFlight() {
			return maxInFlight;
		},
		configure,
		/** @param {Scripted[]} answers the next edit requests get these, in order */
		script(answers) {
			script.push(...answers);
		},
		reset,
		close() {
			return new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve(undefined));
			});
		},
	};
}

module.exports = { startCometServer, DEFAULTS };
