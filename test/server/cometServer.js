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

const { createChaos } = require('./chaos');

const MODELS = ['V_2', 'V_2_TURBO'];
const MAGIC = ['AUTO', 'ON', 'OFF'];
const STYLES = ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN', 'RENDER_3D', 'ANIME'];
const FIELDS = ['image_file', 'mask', 'prompt', 'model', 'magic_prompt_option', 'seed', 'style_type', 'num_images'];
// Ideogram 3.0's edit route (legacy name, and its new name "inpaint"): other names, no model, and more fields.
const V3_PATH = '/ideogram/v1/ideogram-v3/edit';
const V3_INPAINT_PATH = '/ideogram/v1/ideogram-v3/inpaint';
const V3_COMMON = ['image', 'prompt', 'magic_prompt', 'num_images', 'seed', 'rendering_speed', 'style_preset', 'color_palette', 'style_codes', 'style_reference_images'];
const V3_FIELDS = [...V3_COMMON, 'mask', 'style_type', 'character_reference_images', 'character_reference_images_mask'];
// Replace Background: the photo and the new background's prompt; no mask, no style type, no character.
const REPLACE_BACKGROUND_PATH = '/ideogram/v1/ideogram-v3/replace-background';
const REPLACE_BACKGROUND_FIELDS = V3_COMMON;
// Remix, Reframe (3.0), Upscale and Describe, as CometAPI-style gateways mirror Ideogram's routes.
const REMIX_PATH = '/ideogram/v1/ideogram-v3/remix';
const REFRAME_PATH = '/ideogram/v1/ideogram-v3/reframe';
const UPSCALE_PATH = '/ideogram/upscale';
const DESCRIBE_PATH = '/ideogram/describe';
const RESOLUTIONS_V3 = `512x1536 576x1408 576x1472 576x1536 640x1344 640x1408 640x1472 640x1536 704x1152 704x1216 704x1280 704x1344
704x1408 704x1472 736x1312 768x1088 768x1216 768x1280 768x1344 800x1280 832x960 832x1024 832x1088 832x1152 832x1216 832x1248 864x1152
896x960 896x1024 896x1088 896x1120 896x1152 960x832 960x896 960x1024 960x1088 1024x832 1024x896 1024x960 1024x1024 1088x768 1088x832
1088x896 1088x960 1120x896 1152x704 1152x832 1152x864 1152x896 1216x704 1216x768 1216x832 1248x832 1280x704 1280x768 1280x800 1312x736
1344x640 1344x704 1344x768 1408x576 1408x640 1408x704 1472x576 1472x640 1472x704 1536x512 1536x576 1536x640`.split(/\s+/);
const ASPECT_RATIOS_V3 = ['1x3', '3x1', '1x2', '2x1', '9x16', '16x9', '10x16', '16x10', '2x3', '3x2', '3x4', '4x3', '4x5', '5x4', '1x1'];
/** Upscale's settings: the keys its `image_request` JSON part may hold. */
const UPSCALE_KEYS = ['prompt', 'resemblance', 'detail', 'magic_prompt_option', 'magic_prompt_version', 'num_images', 'seed'];

/**
 * What each route takes: its fields, its photo's field, the files it requires, whether a prompt is
 * required, and whether it is a 3.0 route (3.0's names, enums and style rules).
 */
const ROUTES = {
	v2: { fields: FIELDS, image: 'image_file', files: ['image_file', 'mask'], prompt: true, v3: false },
	v3: { fields: V3_FIELDS, image: 'image', files: ['image', 'mask'], prompt: true, v3: true },
	replaceBackground: { fields: REPLACE_BACKGROUND_FIELDS, image: 'image', files: ['image'], prompt: true, v3: true },
	remix: {
		fields: [...V3_COMMON, 'style_type', 'character_reference_images', 'character_reference_images_mask', 'image_weight', 'resolution', 'aspect_ratio', 'negative_prompt', 'custom_model_uri'],
		image: 'image',
		files: ['image'],
		prompt: true,
		v3: true,
	},
	// No prompt: Reframe paints what lies beyond the photo's edges.
	reframe: { fields: ['image', 'resolution', 'num_images', 'seed', 'rendering_speed', 'style_preset', 'color_palette', 'style_codes', 'style_reference_images'], image: 'image', files: ['image'], prompt: false, v3: true },
	upscale: { fields: ['image_file', 'image_request'], image: 'image_file', files: ['image_file'], prompt: false, v3: false },
	describe: { fields: ['image_file', 'describe_model_version'], image: 'image_file', files: ['image_file'], prompt: false, v3: false },
};

/** Every name the edit routes go by. */
const ROUTE_NAMES = ['/edit', '/ideogram/edit', V3_PATH, V3_INPAINT_PATH, REPLACE_BACKGROUND_PATH, REMIX_PATH, REFRAME_PATH, UPSCALE_PATH, DESCRIBE_PATH];

/** The nearest 3.0 resolution to an aspect ratio, the largest among equals (as Ideogram picks it). */
function nearestResolution(ratio) {
	const [w, h] = ratio.split('x').map(Number);
	const target = Math.log(w / h);
	const score = (r) => {
		const [rw, rh] = r.split('x').map(Number);
		return [Math.abs(Math.log(rw / rh) - target), -rw * rh];
	};
	return [...RESOLUTIONS_V3].sort((a, b) => {
		const [da, aa] = score(a);
		const [db, ab] = score(b);
		return Math.abs(da - db) > 1e-12 ? da - db : aa - ab;
	})[0];
}

/** Upscale's image_request part: a problem, or the parsed settings. */
function upscaleRequestProblem(text) {
	let request;
	try {
		request = JSON.parse(text);
	} catch {
		return { problem: 'image_request must be JSON' };
	}
	if (!request || typeof request !== 'object' || Array.isArray(request)) return { problem: 'image_request must be a JSON object' };
	for (const key of Object.keys(request)) if (!UPSCALE_KEYS.includes(key)) return { problem: `image_request: unknown field "${key}"` };
	if (request.prompt !== undefined && typeof request.prompt !== 'string') return { problem: 'image_request.prompt must be text' };
	for (const [key, min, max] of [['resemblance', 1, 100], ['detail', 1, 100], ['num_images', 1, 8], ['seed', 0, MAX_SEED]]) {
		const v = request[key];
		if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) return { problem: `image_request.${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}` };
	}
	if (request.magic_prompt_option !== undefined && !MAGIC.includes(request.magic_prompt_option)) return { problem: `image_request.magic_prompt_option must be one of ${MAGIC.join(', ')}` };
	return { request };
}
/** Fields that are lists of files: repeated parts of one name. */
const FILE_LISTS = ['style_reference_images', 'character_reference_images', 'character_reference_images_mask'];
const V3_PRESETS = `80S_ILLUSTRATION 90S_NOSTALGIA ABSTRACT_ORGANIC ANALOG_NOSTALGIA ART_BRUT ART_DECO ART_POSTER AURA AVANT_GARDE BAUHAUS
BLUEPRINT BLURRY_MOTION BRIGHT_ART C4D_CARTOON CHILDRENS_BOOK COLLAGE COLORING_BOOK_I COLORING_BOOK_II CUBISM DARK_AURA DOODLE
DOUBLE_EXPOSURE DRAMATIC_CINEMA EDITORIAL EMOTIONAL_MINIMAL ETHEREAL_PARTY EXPIRED_FILM FLAT_ART FLAT_VECTOR FOREST_REVERIE
GEO_MINIMALIST GLASS_PRISM GOLDEN_HOUR GRAFFITI_I GRAFFITI_II HALFTONE_PRINT HIGH_CONTRAST HIPPIE_ERA ICONIC JAPANDI_FUSION JAZZY
LONG_EXPOSURE MAGAZINE_EDITORIAL MINIMAL_ILLUSTRATION MIXED_MEDIA MONOCHROME NIGHTLIFE OIL_PAINTING OLD_CARTOONS PAINT_GESTURE
POP_ART RETRO_ETCHING RIVIERA_POP SPOTLIGHT_80S STYLIZED_RED SURREAL_COLLAGE TRAVEL_POSTER VINTAGE_GEO VINTAGE_POSTER WATERCOLOR
WEIRD WOODBLOCK_PRINT`.split(/\s+/);
const V3_STYLES = ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN', 'CUSTOM', 'FICTION', 'STYLIZED'];
const V3_SPEEDS = ['FLASH', 'TURBO', 'BALANCED', 'DEFAULT', 'QUALITY'];
const V3_PALETTES = ['EMBER', 'FRESH', 'JUNGLE', 'MAGIC', 'MELON', 'MOSAIC', 'PASTEL', 'ULTRAMARINE'];

/** The 3.0 color_palette part: a preset name or up to 8 weighted hex colors; a problem or undefined. */
function paletteProblem(text) {
	let palette;
	try {
		palette = JSON.parse(text);
	} catch {
		return 'color_palette must be JSON';
	}
	if (palette && typeof palette === 'object' && 'name' in palette) {
		return Object.keys(palette).length === 1 && V3_PALETTES.includes(palette.name) ? undefined : `color_palette name must be one of ${V3_PALETTES.join(', ')}`;
	}
	const members = palette?.members;
	if (!Array.isArray(members) || members.length < 1 || members.length > 8) return 'color_palette needs a name or 1 to 8 members';
	for (const m of members) {
		if (typeof m?.color_hex !== 'string' || !/^#[0-9A-Fa-f]{6}$/.test(m.color_hex)) return `color_hex must be #RRGGBB, got ${JSON.stringify(m?.color_hex)}`;
		if (m.color_weight !== undefined && !(typeof m.color_weight === 'number' && m.color_weight >= 0.05 && m.color_weight <= 1)) {
			return 'color_weight must be from 0.05 to 1';
		}
	}
	return undefined;
}
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
 * @property {number} downloadCuts           the next N image downloads send half the image, then close
 * @property {boolean} downloadNotImage      image links answer with an HTML page
 * @property {number} downloadBytes          image links stream this many bytes (0: the real image)
 * @property {number} fileFailures          the next N source photo requests answer 503
 * @property {number} fileLatencyMs         time a source photo on /files/ takes to serve
 * @property {number} downloadTrickleMs     image links send one byte every this many ms (0: at once)
 * @property {Record<string, string>} redirects  paths answered with a 307 to the given location
 * @property {boolean} decodeUploads         decode every uploaded file's pixels (off: headers only, so
 *                                           that a benchmark on the same cores measures the node)
 * @property {boolean} keepUploads           keep each request's image and mask bytes in its record
 * @property {boolean} paintResults          results are the input with the mask painted (else a plain
 *                                           image of the size, and the inputs are not kept)
 * @property {boolean} noisyResults          plain results are noisy JPEGs of the size (made once per
 *                                           size), as large as real photos: for benchmarks where
 *                                           the downloads are the work
 * @property {string[]} v3Paths              paths that serve the 3.0 edit (Ideogram's legacy name and
 *                                           "inpaint"); leave the legacy one out to have it answer 404
 * @property {boolean} deprecateLegacyV3     the legacy 3.0 edit route answers with a Deprecation and a
 *                                           Sunset header and a `notice` field, as a route about to go
 * @property {{seed: number, rate: number}|undefined} chaos  random faults (see chaos.js) on about
 *                                           `rate` of edits, result downloads and source photos,
 *                                           decided per file so that a seed replays
 * @property {number|'drop'|'hang'|undefined} probeAnswer  a route's probe (a form without a part) is
 *                                           answered with this status, dropped, or never answered, in
 *                                           place of the 400 (or 404) it gets: a gateway that chokes
 *                                           on an empty form
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
	downloadCuts: 0,
	downloadNotImage: false,
	downloadBytes: 0,
	downloadTrickleMs: 0,
	redirects: {},
	decodeUploads: true,
	paintResults: true,
	noisyResults: false,
	keepUploads: false,
	fileLatencyMs: 0,
	fileFailures: 0,
	/** The users' uplink, shared by all uploads of edits: bytes per second (0: as fast as loopback). */
	uplinkBytesPerSecond: 0,
	v3Paths: [V3_PATH, V3_INPAINT_PATH],
	deprecateLegacyV3: false,
	chaos: undefined,
	probeAnswer: undefined,
};

/**
 * A scripted answer for the next edit request, in place of a normal one.
 * `when` picks the request by its text fields (e.g. `{prompt: 'x'}`); without it, the next request.
 * `drop` closes the connection once the upload is read; `dropBeforeUpload` as soon as it starts
 * (never with `when`: nothing is read yet). `cut` sends the status and half the body, then closes:
 * with no status, or a 2xx, the edit is made (and billed) first.
 * @typedef {{status?: number, body?: unknown, retryAfter?: string, drop?: boolean, dropBeforeUpload?: boolean, cut?: boolean, html?: boolean, notJson?: boolean, when?: Record<string, string>}} Scripted
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

const FILE_NAME = /filename="([^"]*)"/;

/** Whether a multipart body has no part at all (only its closing boundary). */
function isProbe(raw) {
	return raw.length < 1024 && !/content-disposition/i.test(raw.toString('latin1'));
}

/**
 * A request body as it arrives: the name of its first file (the photo: whose request it is, known
 * before the rest of the upload, to decide on a fault) and the whole body.
 */
/** `throttle(bytes)`: how long to pause reading after a piece of that size (a shared uplink). */
function bodyReader(req, throttle) {
	const chunks = [];
	let size = 0;
	let named;
	let looking = true;
	const firstFile = new Promise((resolve) => (named = resolve));
	const whole = new Promise((resolve, reject) => {
		req.on('data', (c) => {
			chunks.push(c);
			size += c.length;
			const pause = throttle?.(c.length) ?? 0;
			if (pause > 0) {
				req.pause();
				setTimeout(() => req.resume(), pause);
			}
			if (!looking) return;
			const found = FILE_NAME.exec(Buffer.concat(chunks).toString('latin1'));
			if (found || size > 64 * 1024) {
				looking = false;
				named(found?.[1] ?? '');
			}
		});
		req.on('end', () => {
			named('');
			resolve(Buffer.concat(chunks));
		});
		req.on('error', reject);
	});
	whole.catch(() => undefined);
	return { firstFile, whole };
}

/** A JSON answer whose status and headers arrive, and half its body, then the connection closes. */
function sendCut(res, status, body, headers = {}) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	res.write(text.slice(0, Math.floor(text.length / 2)), () => setTimeout(() => res.destroy(), 20));
}

/** A chaos fault of an edit, as the scripted answer it stands for. */
const EDIT_FAULTS = {
	'429': { status: 429 },
	'429 Retry-After': { status: 429, retryAfter: '1' },
	'500': { status: 500 },
	'502': { status: 502 },
	'503': { status: 503 },
	'504': { status: 504 },
	'drop after upload': { drop: true },
	'200 cut off': { cut: true },
	'500 cut off': { status: 500, cut: true },
	'200 HTML': { html: true },
};

/** Width, height and format by decoding, or undefined for anything but JPEG/PNG/WEBP. */
async function decodeImage(buf, decodePixels = true) {
	try {
		const meta = await sharp(buf).metadata();
		if (!['jpeg', 'png', 'webp'].includes(String(meta.format))) return undefined;
		// Decode the pixels too: a truncated file has a valid header but no image.
		if (decodePixels) await sharp(buf).raw().toBuffer();
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

/**
 * The opacity of a new background: the subject is what differs from the photo's top-left corner
 * (product photos stand on a plain backdrop), and everything else is painted.
 */
async function backgroundAlpha(image, width, height) {
	const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	const alpha = Buffer.alloc(width * height);
	for (let p = 0; p < width * height; p++) {
		const o = p * 3;
		const near = Math.abs(data[o] - data[0]) + Math.abs(data[o + 1] - data[1]) + Math.abs(data[o + 2] - data[2]) < 48;
		alpha[p] = near ? 255 : 0;
	}
	return alpha;
}

/**
 * The "edited" image, as a PNG: the input photo with the mask's black area painted over, or for
 * Replace Background (no mask) with the background painted and the subject kept.
 */
/** Plain results by size and color, made once: encoding an 8-megapixel PNG per download would cost the stand-in more than the node. */
const plainResults = new Map();

async function paintResult({ width, height, source, index, noisy }) {
	if (source && ['remix', 'reframe', 'upscale'].includes(source.kind)) return paintFromPhoto(source, width, height, index);
	if (!source && noisy) {
		const key = `${width}x${height}:noisy`;
		if (!plainResults.has(key)) plainResults.set(key, sharp(crypto.randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
		return plainResults.get(key);
	}
	if (!source) {
		const key = `${width}x${height}:${index % PAINT.length}`;
		if (!plainResults.has(key)) plainResults.set(key, sharp({ create: { width, height, channels: 3, background: PAINT[index % PAINT.length] } }).png().toBuffer());
		return plainResults.get(key);
	}
	if (!source.mask) {
		const paint = await sharp({ create: { width, height, channels: 3, background: PAINT[index % PAINT.length] } })
			.joinChannel(await backgroundAlpha(source.image, width, height), { raw: { width, height, channels: 1 } })
			.png()
			.toBuffer();
		return sharp(source.image).composite([{ input: paint }]).png().toBuffer();
	}
	// Black marks the area to edit: invert the mask so that it is the paint's opacity.
	const alpha = await sharp(source.mask).flatten({ background: '#fff' }).grayscale().negate().raw().toBuffer();
	const paint = await sharp({ create: { width, height, channels: 3, background: PAINT[index % PAINT.length] } })
		.joinChannel(alpha, { raw: { width, height, channels: 1 } })
		.png()
		.toBuffer();
	return sharp(source.image).composite([{ input: paint }]).png().toBuffer();
}

/** The size of an operation's results: the photo's for the edits, the target for Remix and Reframe, larger for Upscale. */
function resultSize(route, fields, width, height) {
	const parse = (r) => r.split('x').map(Number);
	if (route === 'reframe') return parse(fields.resolution);
	if (route === 'remix') return parse(fields.resolution ?? (fields.aspect_ratio ? nearestResolution(fields.aspect_ratio) : '1024x1024'));
	if (route === 'upscale') {
		// Twice the size, the longer side at most 4096.
		const scale = Math.max(1, Math.min(2, 4096 / Math.max(width, height)));
		return [Math.round(width * scale), Math.round(height * scale)];
	}
	return [width, height];
}

/**
 * The results of the operations that change the size: Reframe puts the photo, whole, in the middle
 * of the new frame and paints around it; Upscale is the photo enlarged; Remix the photo cropped to
 * the new shape with paint laid over it. So a test can tell from the file what was done.
 */
async function paintFromPhoto(source, width, height, index) {
	const color = PAINT[index % PAINT.length];
	if (source.kind === 'upscale') return sharp(source.image).resize(width, height, { fit: 'fill' }).png().toBuffer();
	if (source.kind === 'reframe') {
		const photo = await sharp(source.image).resize(width, height, { fit: 'inside' }).toBuffer({ resolveWithObject: true });
		const left = Math.floor((width - photo.info.width) / 2);
		const top = Math.floor((height - photo.info.height) / 2);
		return sharp({ create: { width, height, channels: 3, background: color } }).composite([{ input: photo.data, left, top }]).png().toBuffer();
	}
	const veil = await sharp({ create: { width, height, channels: 4, background: { ...color, alpha: 0.5 } } }).png().toBuffer();
	return sharp(source.image).resize(width, height, { fit: 'cover' }).composite([{ input: veil }]).png().toBuffer();
}

async function startCometServer(options = {}) {
	/** @type {ServerConfig} */
	let config = { ...DEFAULTS, ...options };
	/** @type {Scripted[]} */
	let script = [];
	/** @type {any[]} */
	let requests = [];
	let uploads = [];
	/** When the shared uplink is free again: each piece of an upload takes its time on it, one after another. */
	let uplinkFreeAt = 0;
	const uplink = (bytes) => {
		const now = Date.now();
		uplinkFreeAt = Math.max(now, uplinkFreeAt) + (bytes * 1000) / config.uplinkBytesPerSecond;
		return uplinkFreeAt - now;
	};
	/** @type {any[]} */
	let downloads = [];
	/** @type {Map<string, {width:number,height:number,source:{image:Buffer,mask:Buffer},index:number}>} */
	const images = new Map();
	/** Source images served on /files/<name>, as a photo library or a spreadsheet's links would. */
	const files = new Map();
	/** @type {any[]} */
	let fileDownloads = [];
	/** Arrival order across requests and source-photo downloads: which came first. */
	let arrivals = 0;
	/** @type {any[]} */
	let chats = [];
	/** Requests answered with a redirect, and model listings (the credential test), with their Authorization. */
	/** @type {any[]} */
	let redirected = [];
	/** @type {any[]} */
	let listings = [];
	/** What the scripted chat model asks the Ideogram tool to do, and which tool (by name) it calls. */
	let chatToolArguments = {};
	let chatToolName = /ideogram/i;
	/** @type {Array<{tool: RegExp, args: Record<string, unknown>}>} several tool calls, one after the other */
	let chatPlan = [];
	let inFlight = 0;
	let maxInFlight = 0;
	let filesInFlight = 0;
	let maxFilesInFlight = 0;
	let downloadFailuresLeft = config.downloadFailures;
	let downloadCutsLeft = config.downloadCuts;
	let fileFailuresLeft = config.fileFailures;
	let chaos = config.chaos && createChaos(config.chaos);
	/** Edit requests between their whole upload and their answer, now and at most. */
	let held = 0;
	let maxHeld = 0;
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
	async function parseEdit(req, raw, route = 'v2') {
		const { v3, fields: allowedFields, image: imageField, files: requiredFiles } = ROUTES[route];
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
			if (!allowedFields.includes(name)) return { problem: `unknown field "${name}"` };
			if (name === 'style_codes') {
				if (typeof value !== 'string' || !/^[0-9A-Fa-f]{8}$/.test(value)) return { problem: `style_codes: "${value}" is not 8 hex digits` };
				(fields.style_codes ??= []).push(value);
				continue;
			}
			if (FILE_LISTS.includes(name)) {
				if (typeof value === 'string') return { problem: `${name} must be files` };
				const data = Buffer.from(await value.arrayBuffer());
				(fields[name] ??= []).push({ fileName: value.name, mimeType: value.type, size: data.length, data });
				continue;
			}
			if (name in fields) return { problem: `field "${name}" given twice` };
			if (typeof value === 'string') {
				fields[name] = value;
			} else {
				const data = Buffer.from(await value.arrayBuffer());
				fields[name] = { fileName: value.name, mimeType: value.type, size: data.length, data };
			}
		}
		for (const name of requiredFiles) {
			const f = fields[name];
			if (f === undefined) return { problem: `${name} is required` };
			if (typeof f === 'string') return { problem: `${name} must be a file` };
			if (f.size === 0) return { problem: `${name} is empty` };
			if (f.size > MAX_FILE) return { problem: `${name} is larger than 10MB` };
			const info = await decodeImage(f.data, config.decodeUploads);
			if (!info) return { problem: `${name}: only JPEG, WEBPs and PNGs are supported at this time` };
			f.info = info;
		}
		for (const name of FILE_LISTS) {
			const list = fields[name];
			if (!list) continue;
			let total = 0;
			for (const f of list) {
				if (f.size === 0) return { problem: `${name}: a file is empty` };
				total += f.size;
				const info = await decodeImage(f.data, config.decodeUploads);
				if (!info) return { problem: `${name}: only JPEG, WEBPs and PNGs are supported at this time` };
				f.info = info;
			}
			if (total > MAX_FILE) return { problem: `${name}: at most 10MB across all images` };
		}
		const characters = fields.character_reference_images ?? [];
		const characterMasks = fields.character_reference_images_mask;
		if (characters.length > 1) return { problem: 'character_reference_images: only 1 character reference image is supported' };
		if (characterMasks) {
			if (characterMasks.length !== characters.length) return { problem: 'character_reference_images_mask must match the number of character_reference_images' };
			for (const [k, m] of characterMasks.entries()) {
				const c = characters[k].info;
				if (m.info.width !== c.width || m.info.height !== c.height) {
					return { problem: `character_reference_images_mask must have the dimensions of its character reference (${c.width}x${c.height}, mask ${m.info.width}x${m.info.height})` };
				}
			}
		}
		if (ROUTES[route].prompt && (typeof fields.prompt !== 'string' || fields.prompt.trim() === '')) return { problem: 'prompt is required' };
		const enums = v3
			? [['magic_prompt', MAGIC], ['style_type', V3_STYLES], ['rendering_speed', V3_SPEEDS], ['style_preset', V3_PRESETS]]
			: route === 'describe'
				? [['describe_model_version', ['V_2', 'V_3', 'CUSTOM']]]
				: [['model', MODELS], ['magic_prompt_option', MAGIC], ['style_type', STYLES]];
		for (const [name, allowed] of enums) {
			const v = fields[/** @type {string} */ (name)];
			if (v !== undefined && (typeof v !== 'string' || !allowed.includes(v))) {
				return { problem: `${name} must be one of ${allowed.join(', ')}, got "${v}"` };
			}
		}
		if (route === 'remix' || route === 'reframe') {
			if (fields.resolution !== undefined && !RESOLUTIONS_V3.includes(fields.resolution)) return { problem: `resolution must be one of the 3.0 resolutions, got "${fields.resolution}"` };
		}
		if (route === 'reframe' && fields.resolution === undefined) return { problem: 'resolution is required' };
		if (route === 'remix') {
			if (fields.aspect_ratio !== undefined && !ASPECT_RATIOS_V3.includes(fields.aspect_ratio)) return { problem: `aspect_ratio must be one of ${ASPECT_RATIOS_V3.join(', ')}, got "${fields.aspect_ratio}"` };
			if (fields.resolution !== undefined && fields.aspect_ratio !== undefined) return { problem: 'resolution and aspect_ratio cannot be used together' };
		}
		if (route === 'upscale') {
			if (typeof fields.image_request !== 'string') return { problem: 'image_request is required, as a JSON text part' };
			const parsed = upscaleRequestProblem(fields.image_request);
			if (parsed.problem) return parsed;
			fields.upscale = parsed.request;
		}
		for (const [name, min, max] of [['num_images', 1, 8], ['seed', 0, MAX_SEED], ['image_weight', 1, 100]]) {
			const v = fields[/** @type {string} */ (name)];
			if (v === undefined) continue;
			if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < Number(min) || Number(v) > Number(max)) {
				return { problem: `${name} must be an integer from ${min} to ${max}, got "${v}"` };
			}
		}
		if (v3) {
			if (fields.style_codes && fields.style_type !== undefined) return { problem: 'style_codes cannot be used together with style_type' };
			if (fields.style_codes && fields.style_preset !== undefined) return { problem: 'style_codes cannot be used together with style_preset' };
			if (fields.style_codes && fields.style_reference_images) return { problem: 'style_codes cannot be used together with style_reference_images' };
			if (fields.style_preset !== undefined && fields.style_reference_images) return { problem: 'style_preset cannot be used together with style_reference_images' };
			if (fields.style_reference_images && fields.style_type !== undefined && !['AUTO', 'GENERAL'].includes(fields.style_type)) {
				return { problem: 'style_reference_images work with style_type AUTO or GENERAL only' };
			}
			if (fields.color_palette !== undefined) {
				const bad = typeof fields.color_palette === 'string' ? paletteProblem(fields.color_palette) : 'color_palette must be a JSON text part';
				if (bad) return { problem: bad };
			}
		}
		const image = fields[imageField].info;
		const mask = fields.mask?.info;
		if (mask && (image.width !== mask.width || image.height !== mask.height)) {
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
			if (k === 'upscale') continue;
			const file = (f) => ({ fileName: f.fileName, mimeType: f.mimeType, size: f.size, ...f.info });
			out[k] = typeof v === 'string' ? v : Array.isArray(v) ? v.map((e) => (typeof e === 'string' ? e : file(e))) : file(v);
		}
		return out;
	}

	async function handleEdit(req, res, raw, record, route = 'v2') {
		const v3 = route !== 'v2';
		if (!authorised(req)) {
			record.status = 401;
			return send(res, 401, cometError('Invalid token (request id: test)', 'comet_api_error', 'invalid_api_key'));
		}
		const parsed = await parseEdit(req, raw, route);
		if (parsed.problem) {
			record.status = 400;
			record.problem = parsed.problem;
			return send(res, 400, cometError(parsed.problem));
		}
		const fields = parsed.fields;
		record.fields = describeFields(fields);
		const n = route === 'upscale' ? Number(fields.upscale.num_images ?? 1) : Number(fields.num_images ?? '1');

		const at = script.findIndex((s) => !s.dropBeforeUpload && (!s.when || Object.entries(s.when).every(([k, v]) => fields[k] === v)));
		const scripted = at === -1 ? record.chaos && EDIT_FAULTS[record.chaos] : script.splice(at, 1)[0];
		const cutOff = scripted?.cut === true;
		if (scripted && !(cutOff && !(scripted.status >= 300))) {
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
				const body = scripted.body ?? cometError(`scripted ${scripted.status}`, 'upstream_error');
				if (cutOff) {
					record.cut = true;
					return sendCut(res, scripted.status, body, headers);
				}
				return send(res, scripted.status, body, headers);
			}
		}

		if (inFlight + n > config.inflightCap) {
			record.status = 429;
			record.rejectReason = 'inflight_limit';
			const headers = config.inflightRetryAfter !== undefined ? { 'retry-after': config.inflightRetryAfter } : {};
			return send(res, 429, { error: 'Too many images in flight for this organization', reject_reason: 'inflight_limit' }, headers);
		}
		inFlight += n;
		maxInFlight = Math.max(maxInFlight, inFlight);
		try {
			// Counted from the whole upload's arrival, as the API's clock runs: this server's own parsing
			// of the body (tens of milliseconds for 8 MB, interleaved with other uploads) is not the edit's.
			const left = config.latencyMs - (Date.now() - record.time);
			if (left > 0) await sleep(left);
		} finally {
			inFlight -= n;
		}
		if (record.status === 'aborted') return;
		const input = fields[ROUTES[route].image];
		if (config.keepUploads) record.uploads = { image: input.data, mask: fields.mask?.data };
		const { width, height } = input.info;
		if (route === 'describe') {
			record.status = 200;
			const version = fields.describe_model_version ?? 'V_3';
			return send(res, 200, { descriptions: [{ text: `(${version}) A photo of ${width}×${height} pixels: ${input.fileName || 'an image'}, on a plain backdrop.` }] });
		}
		// The size of the results: the operation's.
		const [outWidth, outHeight] = resultSize(route, fields, width, height);
		// One copy of the inputs per request, shared by its images, to paint the results from.
		const source = config.paintResults ? { image: input.data, mask: fields.mask?.data, kind: route } : undefined;
		const options = route === 'upscale' ? fields.upscale : fields;
		const data = [];
		for (let i = 0; i < n; i++) {
			const id = crypto.randomBytes(9).toString('base64url');
			const unsafe = config.unsafe === 'all' || (config.unsafe === 'first' && i === 0);
			if (!unsafe) images.set(id, { width: outWidth, height: outHeight, source, index: i, file: input.fileName, noisy: config.noisyResults });
			const magic = (v3 ? fields.magic_prompt : options.magic_prompt_option) ?? 'AUTO';
			const prompt = options.prompt ?? '';
			data.push({
				seed: options.seed !== undefined ? Number(options.seed) : crypto.randomInt(0, MAX_SEED),
				prompt: magic === 'OFF' || prompt === '' ? prompt : `${prompt}, photographed in soft studio light`,
				resolution: route === 'upscale' ? `${width}x${height}` : `${outWidth}x${outHeight}`,
				...(route === 'upscale' ? { upscaled_resolution: `${outWidth}x${outHeight}` } : {}),
				url: unsafe ? '' : `${baseUrl}/images/${id}.png`,
				is_image_safe: !unsafe,
			});
		}
		record.status = 200;
		if (cutOff) {
			// Made and billed; the answer breaks off on its way.
			record.cut = true;
			return sendCut(res, 200, { created: new Date().toISOString(), data });
		}
		// Ideogram's legacy name of the 3.0 edit, as a route about to go away answers (RFC 9745, RFC 8594).
		if (route === 'v3' && record.path === V3_PATH && config.deprecateLegacyV3) {
			const headers = { deprecation: '@1767225600', sunset: 'Thu, 31 Dec 2026 23:59:59 GMT', link: `<${V3_INPAINT_PATH}>; rel="successor-version"` };
			return send(res, 200, { created: new Date().toISOString(), data, notice: `This route is deprecated; use ${V3_INPAINT_PATH}.` }, headers);
		}
		// When the edit was answered, beside `time` (when its upload had come): the bench's trace.
		record.answered = Date.now();
		send(res, 200, { created: new Date().toISOString(), data });
	}

	/**
	 * An OpenAI-compatible chat model with a script: asked with tools, it calls the Ideogram tool with
	 * `chatToolArguments`; once the tool has answered, it replies with text quoting the answer.
	 */
	function handleChat(req, res, raw, record) {
		if (!authorised(req)) {
			record.status = 401;
			return send(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } });
		}
		const body = JSON.parse(raw.toString('utf8'));
		chats.push(body);
		record.status = 200;
		const messages = Array.isArray(body.messages) ? body.messages : [];
		const toolAnswers = messages.filter((m) => m.role === 'tool');
		const toolAnswer = toolAnswers[toolAnswers.length - 1];
		// A plan of several calls: the next one once the previous has answered.
		const step = chatPlan[toolAnswers.length];
		const wanted = chatPlan.length ? step?.tool : toolAnswer ? undefined : chatToolName;
		const tool = wanted && (body.tools ?? []).map((t) => t.function?.name).find((n) => wanted.test(String(n)));
		if (step) chatToolArguments = step.args;
		let message;
		let finish;
		if (!tool) {
			const content = String(toolAnswer?.content ?? '');
			const url = /https?:\/\/[^"\s\\]+\.png/.exec(content)?.[0] ?? 'no image';
			message = { role: 'assistant', content: `Done. The edited image is at ${url}` };
			finish = 'stop';
		} else {
			message = {
				role: 'assistant',
				content: null,
				tool_calls: [{ id: `call_${chats.length}`, type: 'function', function: { name: tool, arguments: JSON.stringify(chatToolArguments) } }],
			};
			finish = 'tool_calls';
		}
		const base = { id: `chatcmpl-${chats.length}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'test-model' };
		if (!body.stream) {
			return send(res, 200, {
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message, finish_reason: finish }],
				usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
			});
		}
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		const delta = message.tool_calls
			? { role: 'assistant', tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
			: { role: 'assistant', content: message.content };
		const chunk = (choice) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`);
		chunk({ index: 0, delta, finish_reason: null });
		chunk({ index: 0, delta: {}, finish_reason: finish });
		res.end('data: [DONE]\n\n');
	}

	async function handleFile(req, res, name) {
		const file = files.get(name);
		fileDownloads.push({ name, status: file ? 200 : 404, arrival: arrivals++ });
		filesInFlight++;
		maxFilesInFlight = Math.max(maxFilesInFlight, filesInFlight);
		try {
			if (config.fileLatencyMs > 0) await sleep(config.fileLatencyMs);
		} finally {
			filesInFlight--;
		}
		const fault = chaos?.pick('file', name);
		if (fault === 'drop') {
			fileDownloads[fileDownloads.length - 1].status = 'dropped';
			return req.socket.destroy();
		}
		if (fileFailuresLeft > 0 || fault === '503') {
			if (!fault) fileFailuresLeft--;
			fileDownloads[fileDownloads.length - 1].status = 503;
			return send(res, 503, '<html><body>Service Unavailable</body></html>');
		}
		if (!file) return send(res, 404, '<html><body>Not found</body></html>');
		res.writeHead(200, { 'content-type': file.type, 'content-length': file.data.length });
		res.end(file.data);
	}

	async function handleImage(req, res, id) {
		const entry = { id, status: 0 };
		downloads.push(entry);
		const image = images.get(id);
		const fault = image && chaos?.pick('download', image.file);
		if (fault) entry.chaos = fault;
		if (downloadFailuresLeft > 0 || fault === 'drop') {
			if (!fault) downloadFailuresLeft--;
			entry.status = 'dropped';
			req.socket.destroy();
			return;
		}
		if ((downloadCutsLeft > 0 && image) || fault === 'cut off') {
			if (!fault) downloadCutsLeft--;
			const png = await paintResult(image);
			entry.status = 'cut';
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
			return res.write(png.subarray(0, png.length >> 1), () => setTimeout(() => res.destroy(), 20));
		}
		if (!image || config.expireImages || fault === 'expired') {
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
		if (config.downloadTrickleMs > 0 || fault === 'trickle') {
			// A host that answers at once and then sends a byte at a time, for as long as it is read.
			const png = await paintResult(image);
			entry.status = 200;
			res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
			let at = 0;
			const timer = setInterval(() => {
				if (at >= png.length) return void (clearInterval(timer), res.end());
				res.write(png.subarray(at, ++at));
			}, config.downloadTrickleMs || 50);
			res.on('close', () => clearInterval(timer));
			return;
		}
		if (config.downloadNotImage || fault === 'not an image') {
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
			if (config.redirects[path] !== undefined) {
				const record = { method: req.method, path, authorization: req.headers.authorization };
				redirected.push(record);
				// Answered once the body is read, as proxies do: an answer mid-upload would reset the connection.
				if (isProbe(await readBody(req))) record.probe = true;
				res.writeHead(307, { location: config.redirects[path], 'content-length': 0 });
				return res.end();
			}
			if (req.method === 'GET' && path.startsWith('/files/')) return await handleFile(req, res, decodeURIComponent(path.slice('/files/'.length)));
			if (req.method === 'GET' && path.startsWith('/images/')) {
				return await handleImage(req, res, path.slice('/images/'.length).replace(/\.png$/, ''));
			}
			if (req.method === 'GET' && path === '/v1/models') {
				listings.push({ authorization: req.headers.authorization });
				if (!authorised(req)) return send(res, 401, cometError('Invalid token (request id: test)', 'comet_api_error', 'invalid_api_key'));
				return send(res, 200, { object: 'list', data: MODELS.map((id) => ({ id: `ideogram-${id}`, object: 'model' })) });
			}
			// Every name an edit route has, served here or not: a 404 on one is still someone's edit request.
			const isEdit = req.method === 'POST' && (ROUTE_NAMES.includes(path) || config.editPaths.includes(path) || config.v3Paths.includes(path));
			const body = bodyReader(req, isEdit && config.uplinkBytesPerSecond > 0 ? uplink : undefined);
			// Whose request it is, from the photo's file name, and what chaos has in store for it.
			const form = req.method === 'POST' && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
			const file = form ? await body.firstFile : '';
			if (isEdit && file !== '') {
				// An upload from its first file on: whether the whole body came, or it was broken off (unbilled).
				const upload = { file, path, began: Date.now(), arrival: arrivals++, whole: false, brokenOff: false };
				uploads.push(upload);
				req.on('end', () => (upload.whole = true));
				req.on('close', () => (upload.brokenOff = !upload.whole));
			}
			// A form without a single part: the node's probe of a route (answered 400 where it is
			// served, 404 where not). Faults and scripts are for edits, not for it.
			const probe = form && file === '' && isProbe(await body.whole);
			if (probe && config.probeAnswer !== undefined) {
				const record = { time: Date.now(), arrival: arrivals++, method: req.method, path, file, probe, status: config.probeAnswer === 'drop' ? 'dropped' : config.probeAnswer };
				requests.push(record);
				if (config.probeAnswer === 'drop') return req.socket.destroy();
				if (config.probeAnswer === 'hang') return void res.on('close', () => (record.status = 'aborted'));
				return send(res, config.probeAnswer, cometError(`scripted ${config.probeAnswer}`, 'upstream_error'));
			}
			const fault = isEdit && chaos && !probe ? chaos.pick('edit', file) : undefined;
			const dropNow = isEdit && !probe && script[0]?.dropBeforeUpload === true && !script[0].when;
			if (fault === 'drop before upload' || dropNow) {
				if (dropNow) script.shift();
				requests.push({ time: Date.now(), arrival: arrivals++, method: req.method, path, file, chaos: fault, status: 'dropped before upload' });
				return req.socket.destroy();
			}
			const raw = await body.whole;
			const record = {
				time: Date.now(),
				arrival: arrivals++,
				method: req.method,
				path,
				file,
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
				status: /** @type {number|string} */ (0),
				...(fault ? { chaos: fault } : {}),
				...(probe ? { probe: true } : {}),
			};
			requests.push(record);
			if (isEdit && !probe) {
				// Counted from the whole upload to the answer: within the time the node holds a place for it.
				held++;
				maxHeld = Math.max(maxHeld, held);
				res.once('close', () => held--);
				res.setHeader('x-request-id', `req-${record.arrival}`);
			}
			// A client that gives up (a Stop, a deadline) closes the connection before the answer.
			res.on('close', () => {
				if (!res.writableFinished && record.status === 0) record.status = 'aborted';
			});
			if (req.method === 'POST' && config.editPaths.includes(path)) return await handleEdit(req, res, raw, record);
			if (req.method === 'POST' && config.v3Paths.includes(path)) return await handleEdit(req, res, raw, record, 'v3');
			if (req.method === 'POST' && path === REPLACE_BACKGROUND_PATH) return await handleEdit(req, res, raw, record, 'replaceBackground');
			const other = { [REMIX_PATH]: 'remix', [REFRAME_PATH]: 'reframe', [UPSCALE_PATH]: 'upscale', [DESCRIBE_PATH]: 'describe' }[path];
			if (req.method === 'POST' && other) return await handleEdit(req, res, raw, record, other);
			if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(req, res, raw, record);
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
		if ('downloadCuts' in changes) downloadCutsLeft = config.downloadCuts;
		if ('fileFailures' in changes) fileFailuresLeft = config.fileFailures;
		if ('chaos' in changes) chaos = config.chaos && createChaos(config.chaos);
	}

	function reset() {
		config = { ...DEFAULTS, ...options };
		script = [];
		requests = [];
		uploads = [];
		downloads = [];
		fileDownloads = [];
		maxFilesInFlight = 0;
		chats = [];
		redirected = [];
		listings = [];
		chatToolArguments = {};
		chatToolName = /ideogram/i;
		chatPlan = [];
		maxInFlight = 0;
		maxHeld = 0;
		downloadFailuresLeft = config.downloadFailures;
		downloadCutsLeft = config.downloadCuts;
		fileFailuresLeft = config.fileFailures;
		chaos = config.chaos && createChaos(config.chaos);
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
		/** Edit requests only (not the node's probes of a route). */
		get editRequests() {
			return requests.filter((r) => r.method === 'POST' && !r.probe && config.editPaths.concat(ROUTE_NAMES).includes(r.path));
		},
		/** The node's probes of a route (forms without a part), with the status each was answered. */
		/** Edit uploads as they began (a file named), whole or broken off before their end: never billed then. */
		get uploads() {
			return uploads;
		},
		get probes() {
			return requests.filter((r) => r.probe);
		},
		get downloads() {
			return downloads;
		},
		get redirected() {
			return redirected;
		},
		/** GET /v1/models requests (the credential test), with the Authorization each carried. */
		get listings() {
			return listings;
		},
		/** Serves `data` on /files/<name> and returns its URL. */
		host(name, data, type = 'image/jpeg') {
			files.set(name, { data, type });
			return `${baseUrl}/files/${encodeURIComponent(name)}`;
		},
		get fileDownloads() {
			return fileDownloads;
		},
		get maxFilesInFlight() {
			return maxFilesInFlight;
		},
		/** Chat-completion request bodies, in order. */
		get chats() {
			return chats;
		},
		/**
		 * @param {Record<string, unknown>} args what the scripted chat model passes to the tool
		 * @param {RegExp} [tool] the tool it calls, by name (the Ideogram Edit tool by default)
		 */
		scriptChatTool(args, tool = /ideogram/i) {
			chatToolArguments = args;
			chatToolName = tool;
		},
		/** @param {Array<{tool: RegExp, args: Record<string, unknown>}>} plan tools the model calls one after the other, then it answers */
		scriptChatTools(plan) {
			chatPlan = plan;
		},
		get maxInFlight() {
			return maxInFlight;
		},
		/** The most edit requests at once between their whole upload and their answer, 429s included. */
		get maxHeld() {
			return maxHeld;
		},
		/** The faults chaos injected so far, by kind. */
		get chaosInjected() {
			return chaos ? { ...chaos.injected } : {};
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

module.exports = { startCometServer, DEFAULTS, V3_PATH, V3_INPAINT_PATH, REPLACE_BACKGROUND_PATH, REMIX_PATH, REFRAME_PATH, UPSCALE_PATH, DESCRIBE_PATH, RESOLUTIONS_V3, ASPECT_RATIOS_V3 };
