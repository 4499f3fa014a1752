package org.glimpse.ft.recovery;

/** Upload recovery and the store sweep on H2. */
class UploadRecoveryTest extends UploadRecoverySuite {}
