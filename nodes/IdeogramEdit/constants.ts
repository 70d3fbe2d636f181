/** Limits and allowed values of Ideogram's edit endpoint, shared by the parameters and the checks. */

export const CREDENTIAL_NAME = 'cometApi';

export const DEFAULT_ENDPOINT_PATH = '/edit';
/** Gateways of CometAPI's family serve the same endpoint here. */
export const FALLBACK_ENDPOINT_PATH = '/ideogram/edit';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/**
 * The most pixels an image or mask may declare. Checked from the header before anything is
 * decoded or drawn, so a file that claims 30000×30000 pixels costs nothing; 100 megapixels takes
 * every camera's photos (a 12 MP phone, a 61 MP full frame, a 100 MP medium format).
 */
export const MAX_PIXELS = 100_000_000;
/** Result images are downloaded only up to this size. */
export const MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024;
export const MAX_NUM_IMAGES = 8;
export const MAX_SEED = 2147483647;
/** Ideogram documents no limit; longer prompts are refused by the gateways we know. */
export const MAX_PROMPT_LENGTH = 10000;

export const DEFAULT_TIMEOUT_SECONDS = 180;
export const DEFAULT_MAX_RETRIES = 3;
/** A mask the node inverted is kept from the check for the send up to this size, else made again. */
export const MAX_KEPT_MASK_BYTES = 1024 * 1024;
/** Redirects to the Base URL's own origin followed for one edit. */
export const MAX_SAME_ORIGIN_REDIRECTS = 5;
/** The edit's JSON answer is read up to this size: eight results take a few kilobytes. */
export const MAX_ANSWER_BYTES = 1024 * 1024;
/**
 * The upstream admits 10 images in flight per organization: asking for more only earns 429s, and
 * when other workflows share the organization, the bound lowers itself on their 429s.
 */
export const DEFAULT_MAX_IMAGES_IN_FLIGHT = 10;

export const MODELS = [
	{ name: 'V_2_TURBO', value: 'V_2_TURBO', description: 'Faster and cheaper' },
	{ name: 'V_2', value: 'V_2', description: 'Higher quality' },
	{ name: '3.0', value: 'V_3', description: 'Ideogram 3.0: rendering speeds, color palettes and style codes' },
] as const;

export const V2_MODELS = ['V_2_TURBO', 'V_2'];
export const V3_MODEL = 'V_3';
/** Ideogram 3.0 has its own route, with other field names. */
export const DEFAULT_V3_ENDPOINT_PATH = '/ideogram/v1/ideogram-v3/edit';
/** Ideogram's new name for the 3.0 edit ("Inpaint"); the edit route is legacy there. */
export const V3_INPAINT_PATH = '/ideogram/v1/ideogram-v3/inpaint';
export const DEFAULT_REPLACE_BACKGROUND_PATH = '/ideogram/v1/ideogram-v3/replace-background';

export const EDIT_WITH_MASK = 'editWithMask';
export const REPLACE_BACKGROUND = 'replaceBackground';
export const OPERATIONS = [
	{ name: 'Edit With Mask', value: EDIT_WITH_MASK, action: 'Edit the masked part of an image', description: 'Repaint the area a mask marks (V_2, V_2_TURBO or 3.0)' },
	{ name: 'Replace Background', value: REPLACE_BACKGROUND, action: 'Replace the background of a photo', description: 'Keep the subject, paint a new background around it (3.0, no mask)' },
] as const;

/** Style references: Ideogram takes up to 10, of at most 10 MB together. */
export const MAX_STYLE_REFERENCES = 10;
export const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;
/** Style references work with these style types only. */
export const STYLE_REFERENCE_STYLE_TYPES = ['AUTO', 'GENERAL'];

export const STYLE_TYPES_V3 = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'General', value: 'GENERAL' },
	{ name: 'Realistic', value: 'REALISTIC' },
	{ name: 'Design', value: 'DESIGN' },
	{ name: 'Fiction', value: 'FICTION' },
] as const;

export const RENDERING_SPEEDS = [
	{ name: 'Flash', value: 'FLASH' },
	{ name: 'Turbo', value: 'TURBO' },
	{ name: 'Balanced', value: 'BALANCED' },
	{ name: 'Default', value: 'DEFAULT' },
	{ name: 'Quality', value: 'QUALITY' },
] as const;

export const COLOR_PALETTE_PRESETS = [
	{ name: 'Ember', value: 'EMBER' },
	{ name: 'Fresh', value: 'FRESH' },
	{ name: 'Jungle', value: 'JUNGLE' },
	{ name: 'Magic', value: 'MAGIC' },
	{ name: 'Melon', value: 'MELON' },
	{ name: 'Mosaic', value: 'MOSAIC' },
	{ name: 'Pastel', value: 'PASTEL' },
	{ name: 'Ultramarine', value: 'ULTRAMARINE' },
] as const;
export const MAX_PALETTE_COLORS = 8;
/** Rectangles of one mask: more than any hand or agent draws, few enough that drawing stays cheap. */
export const MAX_REGIONS = 100;

/** Ideogram 3.0's style presets, as its API reference lists them. */
export const STYLE_PRESETS = [
	{ name: '80s Illustration', value: '80S_ILLUSTRATION' },
	{ name: '90s Nostalgia', value: '90S_NOSTALGIA' },
	{ name: 'Abstract Organic', value: 'ABSTRACT_ORGANIC' },
	{ name: 'Analog Nostalgia', value: 'ANALOG_NOSTALGIA' },
	{ name: 'Art Brut', value: 'ART_BRUT' },
	{ name: 'Art Deco', value: 'ART_DECO' },
	{ name: 'Art Poster', value: 'ART_POSTER' },
	{ name: 'Aura', value: 'AURA' },
	{ name: 'Avant Garde', value: 'AVANT_GARDE' },
	{ name: 'Bauhaus', value: 'BAUHAUS' },
	{ name: 'Blueprint', value: 'BLUEPRINT' },
	{ name: 'Blurry Motion', value: 'BLURRY_MOTION' },
	{ name: 'Bright Art', value: 'BRIGHT_ART' },
	{ name: 'C4D Cartoon', value: 'C4D_CARTOON' },
	{ name: "Children's Book", value: 'CHILDRENS_BOOK' },
	{ name: 'Collage', value: 'COLLAGE' },
	{ name: 'Coloring Book I', value: 'COLORING_BOOK_I' },
	{ name: 'Coloring Book II', value: 'COLORING_BOOK_II' },
	{ name: 'Cubism', value: 'CUBISM' },
	{ name: 'Dark Aura', value: 'DARK_AURA' },
	{ name: 'Doodle', value: 'DOODLE' },
	{ name: 'Double Exposure', value: 'DOUBLE_EXPOSURE' },
	{ name: 'Dramatic Cinema', value: 'DRAMATIC_CINEMA' },
	{ name: 'Editorial', value: 'EDITORIAL' },
	{ name: 'Emotional Minimal', value: 'EMOTIONAL_MINIMAL' },
	{ name: 'Ethereal Party', value: 'ETHEREAL_PARTY' },
	{ name: 'Expired Film', value: 'EXPIRED_FILM' },
	{ name: 'Flat Art', value: 'FLAT_ART' },
	{ name: 'Flat Vector', value: 'FLAT_VECTOR' },
	{ name: 'Forest Reverie', value: 'FOREST_REVERIE' },
	{ name: 'Geo Minimalist', value: 'GEO_MINIMALIST' },
	{ name: 'Glass Prism', value: 'GLASS_PRISM' },
	{ name: 'Golden Hour', value: 'GOLDEN_HOUR' },
	{ name: 'Graffiti I', value: 'GRAFFITI_I' },
	{ name: 'Graffiti II', value: 'GRAFFITI_II' },
	{ name: 'Halftone Print', value: 'HALFTONE_PRINT' },
	{ name: 'High Contrast', value: 'HIGH_CONTRAST' },
	{ name: 'Hippie Era', value: 'HIPPIE_ERA' },
	{ name: 'Iconic', value: 'ICONIC' },
	{ name: 'Japandi Fusion', value: 'JAPANDI_FUSION' },
	{ name: 'Jazzy', value: 'JAZZY' },
	{ name: 'Long Exposure', value: 'LONG_EXPOSURE' },
	{ name: 'Magazine Editorial', value: 'MAGAZINE_EDITORIAL' },
	{ name: 'Minimal Illustration', value: 'MINIMAL_ILLUSTRATION' },
	{ name: 'Mixed Media', value: 'MIXED_MEDIA' },
	{ name: 'Monochrome', value: 'MONOCHROME' },
	{ name: 'Nightlife', value: 'NIGHTLIFE' },
	{ name: 'Oil Painting', value: 'OIL_PAINTING' },
	{ name: 'Old Cartoons', value: 'OLD_CARTOONS' },
	{ name: 'Paint Gesture', value: 'PAINT_GESTURE' },
	{ name: 'Pop Art', value: 'POP_ART' },
	{ name: 'Retro Etching', value: 'RETRO_ETCHING' },
	{ name: 'Riviera Pop', value: 'RIVIERA_POP' },
	{ name: 'Spotlight 80s', value: 'SPOTLIGHT_80S' },
	{ name: 'Stylized Red', value: 'STYLIZED_RED' },
	{ name: 'Surreal Collage', value: 'SURREAL_COLLAGE' },
	{ name: 'Travel Poster', value: 'TRAVEL_POSTER' },
	{ name: 'Vintage Geo', value: 'VINTAGE_GEO' },
	{ name: 'Vintage Poster', value: 'VINTAGE_POSTER' },
	{ name: 'Watercolor', value: 'WATERCOLOR' },
	{ name: 'Weird', value: 'WEIRD' },
	{ name: 'Woodblock Print', value: 'WOODBLOCK_PRINT' },
] as const;

/** Items checked at once (the checks download photos given by URL). */
export const CHECK_CONCURRENCY = 4;

/** Source images from URLs are read only up to a little over the API's limit. */
export const MAX_SOURCE_DOWNLOAD_BYTES = MAX_FILE_BYTES + 1;

export const MAGIC_PROMPT_OPTIONS = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'On', value: 'ON' },
	{ name: 'Off', value: 'OFF' },
] as const;

export const STYLE_TYPES = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'General', value: 'GENERAL' },
	{ name: 'Realistic', value: 'REALISTIC' },
	{ name: 'Design', value: 'DESIGN' },
	{ name: '3D Render', value: 'RENDER_3D' },
	{ name: 'Anime', value: 'ANIME' },
] as const;
