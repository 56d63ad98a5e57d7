// The API items of a shipped .d.ts that must carry an `@example` (tests/js/doc-examples.test.mjs):
// exported functions, classes and their public methods, the members of exported namespace objects
// (`export declare const v2: { sign(…) … }`) and the methods of the exported interfaces of objects
// the package returns with behaviour of their own: `…Client` (the clients) and `…Verifier`.
// `ts` is the TypeScript module (passed in so that this file has no dependency of its own).

/** [{ name: 'v2.sign', jsDoc: ['/** … *\/', …] }] in declaration order (overloads merged). */
export function apiItems(ts, fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const items = new Map();
  const add = (name, node) => {
    const docs = (node.jsDoc ?? []).map((d) => d.getText(source));
    items.set(name, [...(items.get(name) ?? []), ...docs]);
  };
  const exported = (node) => node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const callable = (member) => ts.isMethodSignature(member)
    || (ts.isPropertySignature(member) && member.type && (ts.isFunctionTypeNode(member.type) || ts.isConstructorTypeNode(member.type)));
  for (const node of source.statements) {
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node) && node.name) add(node.name.text, node);
    else if (ts.isClassDeclaration(node) && node.name) {
      add(node.name.text, node);
      for (const member of node.members) {
        const isPrivate = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword) || member.name?.kind === ts.SyntaxKind.PrivateIdentifier;
        if (ts.isMethodDeclaration(member) && !isPrivate) add(`${node.name.text}.${member.name.getText(source)}`, member);
      }
    } else if (ts.isVariableStatement(node)) {
      for (const decl of node.declarationList.declarations) {
        if (!decl.type || !ts.isTypeLiteralNode(decl.type)) continue;
        for (const member of decl.type.members) if (callable(member)) add(`${decl.name.getText(source)}.${member.name.getText(source)}`, member);
      }
    } else if (ts.isInterfaceDeclaration(node) && /(Client|Verifier)$/.test(node.name.text)) {
      for (const member of node.members) if (callable(member)) add(`${node.name.text}.${member.name.getText(source)}`, member);
    }
  }
  return [...items].map(([name, jsDoc]) => ({ name, file: fileName, jsDoc }));
}

/** The ```ts blocks that follow an `@example` tag in an item's JSDoc, as plain code. */
export function examplesOf(item) {
  const blocks = [];
  for (const doc of item.jsDoc) {
    const lines = doc.replace(/^\/\*\*|\*\/$/g, '').split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const text = lines.join('\n');
    const at = text.indexOf('@example');
    if (at < 0) continue;
    for (const m of text.slice(at).matchAll(/```ts\n([\s\S]*?)```/g)) blocks.push(m[1]);
  }
  return blocks;
}
