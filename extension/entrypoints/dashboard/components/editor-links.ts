/** Links that open a file at a line in the developer's editor (the editor registers the scheme). */
export function vscodeLink(absPath: string, line: number): string {
  return `vscode://file${encodeURI(absPath.startsWith('/') ? absPath : `/${absPath}`)}:${line}`;
}

export function ideaLink(absPath: string, line: number): string {
  return `idea://open?file=${encodeURIComponent(absPath)}&line=${line}`;
}

export function joinPath(root: string, rel: string): string {
  return `${root.replace(/[\\/]+$/, '')}/${rel}`;
}
