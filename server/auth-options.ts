import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { directoryConfig } from '@/lib/auth/directory';
import { loginSchema } from '@/lib/auth/login-schema';
import { revokeSession, signInWithPassword } from '@/lib/auth/sessions';

export function sessionLimits() {
  const env = getEnv();
  return { idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS };
}

/**
 * next-auth with JWT sessions. The token carries only the user id and a server-side session id:
 * the session row (lib/auth/sessions.ts) decides on every request whether the cookie still counts.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: 'jwt', maxAge: 24 * 60 * 60 },
  pages: { signIn: '/login' },
  providers: [
    CredentialsProvider({
      name: 'credentials',
      credentials: { login: { type: 'text' }, password: { type: 'password' } },
      async authorize(credentials) {
        const parsed = loginSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        // A locked login throws LoginThrottledError: next-auth hands its message to the form as
        // `result.error` (LOGIN_THROTTLED), every other failure is the usual CredentialsSignin.
        const result = await signInWithPassword(await getDb(), parsed.data, sessionLimits(), {
          directory: directoryConfig(getEnv()),
        });
        if (!result) return null;
        return { id: String(result.userId), name: result.displayName, sid: result.sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sid = user.sid;
        token.uid = Number(user.id);
      }
      return token;
    },
    session({ session, token }) {
      session.sid = token.sid;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await revokeSession(await getDb(), token.sid);
    },
  },
};
