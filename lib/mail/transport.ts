import nodemailer from 'nodemailer';

/** What the sender needs of a mail server: deliver one mail, or throw. */
export interface MailTransport {
  send(mail: { to: string; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer (SMTP_URL, e.g. `smtp://user:pass@mail.leszno.local:587`, or smtps://),
 * from MAIL_FROM. Timeouts are well under the sender's claim on a mail (SENDER.leaseMs), so a mail
 * is never handed to a second sender while the first still talks to the server.
 */
export function createSmtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {
    from,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({ from, ...mail });
    },
    close() {
      transporter.close();
    },
  };
}
