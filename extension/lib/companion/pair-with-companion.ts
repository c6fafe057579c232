import { isPairingCodeShape, normalizePairingCode, PAIR_PREFIX, pairMessage, PairedFrameSchema, pairSecretMessage, pairServerMessage } from '../../../shared/protocol/pairing';
import { SUBPROTOCOL } from '../../../shared/protocol/version';
import { fail, ok, type Result } from '../../../shared/result';
import { hmacHex, randomHex, sameHex } from './hmac';
import type { OpenSocket } from './socket-port';

export type PairFailure = 'bad_code' | 'refused' | 'untrusted' | 'timeout' | 'offline';

/**
 * Pairs with the companion using the one-time code the user typed. Both sides derive the long-lived
 * secret from the code and two nonces; it is accepted only after the companion proves it knew the code.
 */
export async function pairWithCompanion(opts: {
  url: string;
  origin: string;
  code: string;
  open: OpenSocket;
  /** Whether anything listens on the port; tells "refused" from "not running". */
  probe: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<Result<{ secret: string }, PairFailure>> {
  const code = normalizePairingCode(opts.code);
  if (!isPairingCodeShape(code)) return fail('bad_code', 'A pairing code has 8 letters and digits, like K7QX-M2PD.');
  const nonce = randomHex(32);
  const proof = await hmacHex(code, pairMessage(opts.origin, nonce));
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Result<{ secret: string }, PairFailure>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const socket = opts.open(opts.url, [SUBPROTOCOL, `${PAIR_PREFIX}${nonce}.${proof}`]);
    const timer = setTimeout(() => {
      socket.close();
      done(fail('timeout', 'The companion did not answer; is "npx sessionpilot serve" running on that port?'));
    }, opts.timeoutMs ?? 10_000);
    // The companion closes right after its answer; checking the answer is async, so close waits for it.
    let answered: Promise<void> | null = null;
    socket.onmessage = (ev) => {
      if (answered) return;
      let raw: unknown;
      try {
        raw = JSON.parse(String(ev.data));
      } catch {
        raw = null;
      }
      const frame = PairedFrameSchema.safeParse(raw);
      if (!frame.success) {
        socket.close();
        done(fail('untrusted', 'Something answered on that port, but it is not a SessionPilot companion.'));
        return;
      }
      answered = hmacHex(code, pairServerMessage(nonce, frame.data.serverNonce)).then(async (expected) => {
        if (!sameHex(expected, frame.data.proof)) {
          socket.close();
          done(fail('untrusted', 'The program on that port could not prove it issued this code; nothing was saved.'));
          return;
        }
        const secret = await hmacHex(code, pairSecretMessage(nonce, frame.data.serverNonce));
        done(ok({ secret }));
      });
    };
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    socket.onclose = async () => {
      if (answered) await answered;
      if (settled) return;
      void (opened ? Promise.resolve(true) : opts.probe()).then((listening) =>
        done(
          listening
            ? fail('refused', 'The companion refused the code: it may be mistyped, used or expired. Run "npx sessionpilot pair" for a new one.')
            : fail('offline', 'Nothing is listening on that port; start the companion with "npx sessionpilot serve".'),
        ),
      );
    };
    socket.onerror = () => {
      /* onclose follows and says why */
    };
  });
}
