// What administrators and judges read when they keep the list of agencies
// (server/domain/agency-service.ts, server/http/routes/agencies.routes.ts)
// and publish 法官说法 (server/domain/articles/). Gathered into `staff`
// (staff.texts.ts) as `staff.agencies` and `staff.articles`.

export const agencyTexts = {
  agency: '单位',
  parentNotFound: '上级单位不存在',
  headNotFound: '负责人不存在，请先添加该用户',
  nameTaken: (name: string) => `单位名称“${name}”已存在`,
  room: {
    lookupUnavailable: '按群名称绑定需要微信机器人与服务在同一进程中运行；请改用群编号（roomId）绑定，群编号见机器人启动时的日志',
    noSuchTopic: (topic: string) => `机器人所在的群中没有名为“${topic}”的群，请先把机器人拉进群`,
    ambiguousTopic: (count: number, topic: string) => `有 ${count} 个群名为“${topic}”，请改用群编号（roomId）绑定`,
    notFound: '机器人不在这个群里，或群编号有误',
    oneOf: '请填写群编号（roomId）或群名称（topic），二者选一',
    roomIdFormat: '格式不正确（不超过 128 个字符，不含空格）',
  },
  validation: {
    notText: '应为文字',
    webhookKeyFormat: '格式不正确（群机器人地址中 key= 之后的部分）',
    documentPrefixHan: '应为汉字，如“宝法建”',
  },
  fields: {
    name: '单位名称', kind: '单位类型', parentId: '上级单位', categories: '受理纠纷类别',
    villages: '服务村（社区）', wecomWebhookKey: '企业微信群机器人密钥', id: '单位编号',
    roomId: '群编号', topic: '群名称', shortName: '简称', aliases: '别名', documentPrefix: '文号前缀', headUserId: '负责人',
  },
} as const;

export const articleTexts = {
  judgesPublish: '只有法官可以发布法官说法',
  judgesAttach: '只有法官可以为纠纷关联法官说法',
} as const;
