/**
 * Something the library changed in a document so that it could be read, and where. Never an
 * error: the generator reports each as a coded warning, the CLIs as a note.
 */
export interface Adaptation {
  /** RFC 6901 pointer of the node in the document as read (after bundling: in the bundle). */
  readonly pointer: string
  readonly message: string
}
