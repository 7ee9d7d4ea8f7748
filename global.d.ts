import type main from './messages/pl.json';
import type discussion from './messages/pl/discussion.json';
import type importMessages from './messages/pl/import.json';
import type mail from './messages/pl/mail-screens.json';
import type people from './messages/pl/people.json';

declare module 'next-intl' {
  interface AppConfig {
    Messages: typeof main & {
      people: typeof people;
      import: typeof importMessages;
      mail: typeof mail;
      discussion: typeof discussion;
    };
  }
}
