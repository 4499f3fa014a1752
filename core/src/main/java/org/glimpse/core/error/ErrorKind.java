package org.glimpse.core.error;

/** What went wrong, in domain terms. The server maps each kind to one HTTP status. */
public enum ErrorKind {
  BAD_REQUEST,
  UNAUTHORIZED,
  FORBIDDEN,
  NOT_FOUND,
  CONFLICT,
  /** A size cap, storage quota or member quota would be exceeded. */
  TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  RANGE_NOT_SATISFIABLE,
  /** The backing store or database cannot serve the request right now. */
  UNAVAILABLE,
  /** The resource went away while the request was working on it (an image deleted mid-upload). */
  GONE
}
