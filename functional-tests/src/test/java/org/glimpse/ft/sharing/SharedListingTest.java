package org.glimpse.ft.sharing;

/** The shared-image listings on H2. */
class SharedListingTest extends SharedListingSuite {}
