// The viewer's locale for numbers rendered on the server, from the request's Accept-Language.
import { headers } from 'next/headers';
import { localeFromAcceptLanguage, type Locale } from './format.ts';

export async function viewerLocale(): Promise<Locale> {
  return localeFromAcceptLanguage((await headers()).get('accept-language'));
}
