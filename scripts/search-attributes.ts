/** Prints `--search-attribute Name=Type` flags for `temporal server start-dev`. */
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const cliType: Record<string, string> = {
  KEYWORD: 'Keyword',
  TEXT: 'Text',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

export function searchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type]}`]);
}

if (require.main === module) console.log(searchAttributeFlags().join(' '));
