package org.glimpse.ft.quota;

/** The hard storage quota on H2. */
class StorageQuotaTest extends StorageQuotaSuite {}
