import net from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  language: string | null;
}

/** A free TCP port on the loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function languageOf(parsed: ParsedMail): string | null {
  return /<html lang="([a-z]{2})"/.exec(typeof parsed.html === 'string' ? parsed.html : '')?.[1] ?? null;
}

/**
 * A real SMTP server (the smtp-server package) on a port of its own, keeping every mail it accepts,
 * parsed (mailparser). It can be stopped and started again on the same port, mid-run.
 */
export async function startSmtpServer() {
  const port = await freePort();
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  const onReceived: ((mail: ReceivedMail) => void)[] = [];
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS', 'AUTH'],
        logger: false,
        onData(stream, session, callback) {
          simpleParser(stream)
            .then((parsed) => {
              const mail: ReceivedMail = {
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                language: languageOf(parsed),
              };
              received.push(mail);
              for (const listener of onReceived) listener(mail);
              callback();
            })
            .catch((error: Error) => callback(error));
        },
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = null;
      if (!current) return resolve();
      current.close(() => resolve());
    });
  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    onReceived,
    start,
    stop,
  };
}
export type TestSmtpServer = Awaited<ReturnType<typeof startSmtpServer>>;
