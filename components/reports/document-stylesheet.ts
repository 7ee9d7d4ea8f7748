/**
 * The app's stylesheet under a fixed address, for the documents served outside the App Router (the
 * council report's print view): the build writes it (scripts/lib/document-styles.ts, which imports
 * this file and nothing else of the app's).
 */
export const DOCUMENT_STYLESHEET = '/styles/app.css';
