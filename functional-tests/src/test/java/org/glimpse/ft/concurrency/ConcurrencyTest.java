package org.glimpse.ft.concurrency;

/** Concurrent changes to one image, on H2. */
class ConcurrencyTest extends ConcurrencySuite {}
