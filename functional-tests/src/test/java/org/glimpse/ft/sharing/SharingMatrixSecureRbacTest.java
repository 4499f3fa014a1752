package org.glimpse.ft.sharing;

import java.util.Map;
import org.glimpse.ft.support.PolicyFiles;

/**
 * The sharing matrix with Glance's secure-RBAC rules loaded from a policy file, with the reader
 * personas, on H2: an operator's policy.yaml must give the answers it gives in Glance.
 */
class SharingMatrixSecureRbacTest extends SharingMatrixSuite {
  @Override
  SharingMatrix matrix() {
    return SharingMatrix.SECURE_RBAC;
  }

  /**
   * The admin records the members' answers: under these rules a member's own answer depends on
   * the member_id of the policy target, which the status-own cells test one by one.
   */
  @Override
  Actor answeredBy(Actor member) {
    return Actor.ADMIN;
  }

  @Override
  Map<String, String> overrides() {
    return Map.of("GLIMPSE_OSLO_POLICY__POLICY_FILE", PolicyFiles.secureRbac().toString());
  }
}
