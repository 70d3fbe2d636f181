/** The API's limits, and the bounds the node keeps to, shared by the parameters and the checks. */

/** A photo, mask or reference image: JPEG, PNG or WEBP, at most this size. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * The most pixels an image or mask may declare. Checked from the header before anything is
 * decoded or drawn, so a file that claims 30000×30000 pixels costs nothing; 200 megapixels takes
 * every camera's photos: a 12 MP phone, a 61 MP full frame, 102 MP medium format (Fujifilm GFX100,
 * Hasselblad X2D), and the 108 MP and 200 MP modes of Samsung's phones (16320×12240, 199.8 MP).
 */
export const MAX_PIXELS = 200_000_000;
/** Source images from URLs are read only up to a little over the API's limit. */
export const MAX_SOURCE_DOWNLOAD_BYTES = MAX_FILE_BYTES + 1;
/** Result images are downloaded only up to this size. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_NUM_IMAGES = 8;
export const MAX_SEED = 2147483647;
/** Ideogram documents no limit; longer prompts are refused by the gateways we know. */
export const MAX_PROMPT_LENGTH = 10000;
/** Rectangles of one mask: more than any hand or agent draws, few enough that drawing stays cheap. */
export const MAX_REGIONS = 100;
/** A mask the node inverted is kept from the check for the send up to this size, else made again. */
export const MAX_KEPT_MASK_BYTES = 1024 * 1024;

export const DEFAULT_TIMEOUT_SECONDS = 180;
export const DEFAULT_MAX_RETRIES = 3;
/**
 * The upstream admits 10 images in flight per organization: asking for more only earns 429s, and
 * when other workflows share the organization, the bound lowers itself on their 429s.
 */
export const DEFAULT_MAX_IMAGES_IN_FLIGHT = 10;
/** Items checked at once (the checks download photos given by URL). */
export const CHECK_CONCURRENCY = 4;
/** Pieces a file is read and uploaded in (from n8n's binary store, or from memory), at the check and at the send. */
export const FILE_PIECE_BYTES = 256 * 1024;

/**
 * How long an upload begun before its place in flight may wait for it at its last piece (see
 * StagedPlace), and at most a quarter of the item's Timeout: longer than most edits take, and well
 * under the minute after which gateways break off a body that stalls.
 */
export const MAX_STAGED_WAIT_MS = 20_000;

/** Redirects to the Base URL's own origin followed for one request. */
export const MAX_SAME_ORIGIN_REDIRECTS = 5;
/** A JSON answer is read up to this size: eight results take a few kilobytes. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
