import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** Refuses an upgrade with a plain HTTP reply (no CORS headers), then closes the socket. */
export function abortHandshake(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
        'Connection: close\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        '\r\n' +
        body,
    );
  }
  socket.destroy();
}
