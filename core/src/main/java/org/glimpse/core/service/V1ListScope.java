package org.glimpse.core.service;

/**
 * Which images an admin asks a v1 listing for, by its {@code is_public} parameter. Other callers
 * always get {@link #VISIBLE}.
 */
public enum V1ListScope {
  /** What a regular user of the caller's project sees: public, owned and shared-with images. */
  VISIBLE,
  /** Every image that is not public, whoever owns it (admins only). */
  NON_PUBLIC,
  /** Every image (admins only). */
  ALL
}
