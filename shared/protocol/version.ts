/** Bumped on any incompatible change to the frames in this folder. */
export const PROTOCOL_VERSION = 1;
/** The WebSocket subprotocol both sides select; credentials travel as a second offered token. */
export const SUBPROTOCOL = 'sessionpilot';
export const DEFAULT_PORT = 47_631;
/** Frames larger than this close the socket with 1009. */
export const MAX_FRAME_BYTES = 1024 * 1024;
