// Group ⇄ application bindings: members of a bound group may launch the application (and are provisioned).
import { Type } from '@sinclair/typebox';
import { idList } from './common.js';

export const GroupIds = Type.Object({ groupIds: idList() }, { additionalProperties: false });
export const ApplicationIds = Type.Object({ applicationIds: idList() }, { additionalProperties: false });
