/**
 * The facts of the disk a file's setup rests on, as the lint cache keeps and asks them again.
 * NodeSession.capture records them (src/node/session.ts lists the kinds); this module is the
 * other half of that grammar: how they are kept compactly, and what each one asks.
 */
import { repositoryRoot } from './repository.js';
import { manifestEntries } from './manifests.js';
import { readTextLimited } from './read-limited.js';
import { textAnswer, type NodeSession } from './session.js';

/** The names found absent from one directory (most facts: the config and Compose names looked for) become one `N:DIR` fact, the names joined by `/`. */
export function compactFacts(facts: ReadonlyMap<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [fact, result] of facts) {
    const slash = fact.lastIndexOf('/');
    if (!fact.startsWith('n:') || result !== 'absent' || slash <= 2) {
      kept[fact] = result;
      continue;
    }
    const key = `N:${fact.slice(2, slash)}`;
    kept[key] = kept[key] === undefined ? fact.slice(slash + 1) : `${kept[key]}/${fact.slice(slash + 1)}`;
  }
  return kept;
}

/**
 * What the disk answers now to the question a fact records (`recorded`: its answer then, which
 * an `N:` fact needs, as it holds the names asked). `s:` facts are compared by the cache itself.
 */
export function askAgain(fact: string, recorded: string, session: NodeSession): string {
  const colon = fact.indexOf(':');
  const target = fact.slice(colon + 1);
  const slash = target.lastIndexOf('/');
  switch (fact[0]) {
    case 'n':
      return session.entryType(slash === 0 ? '/' : target.slice(0, slash), target.slice(slash + 1));
    case 'N':
      return recorded.split('/').every((name) => name !== '' && session.entryType(target, name) === 'absent') ? recorded : 'changed';
    case 'g':
      return repositoryRoot(target, session) ?? '';
    case 'p':
      return session.realPath(target) ?? 'absent';
    case 'c':
      return session.composeNames(target).join('/');
    case 'C':
      return session.composeFilesBelow(target).join('|');
    case 'y':
    case 'Y':
      return manifestEntries(target, session, fact[0] === 'Y').join('|');
    default:
      // `tLIMIT:PATH`: the text read, at most LIMIT bytes.
      session.signBefore(target);
      return textAnswer(readTextLimited(target, Number(fact.slice(1, colon))));
  }
}
