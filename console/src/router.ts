import { createRouter, createWebHistory } from 'vue-router';
import { loadMe, token } from './api/api.client';

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', component: () => import('./pages/login.page.vue'), meta: { title: '登录', public: true } },
    { path: '/', component: () => import('./pages/todo.page.vue'), meta: { title: '待办' } },
    { path: '/disputes', component: () => import('./pages/disputes.page.vue'), meta: { title: '矛盾纠纷' } },
    { path: '/disputes/:id', component: () => import('./pages/dispute-detail.page.vue'), meta: { title: '纠纷详情' } },
    { path: '/hearings', component: () => import('./pages/hearings.page.vue'), meta: { title: '庭审' } },
    { path: '/linkage-items', component: () => import('./pages/linkage-items.page.vue'), meta: { title: '联动事项' } },
    { path: '/reports', component: () => import('./pages/reports.page.vue'), meta: { title: '统计报表' } },
    { path: '/admin', component: () => import('./pages/admin.page.vue'), meta: { title: '系统管理' } },
    { path: '/:rest(.*)*', component: () => import('./pages/not-found.page.vue'), meta: { title: '页面不存在', public: true } },
  ],
});

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  if (!token.value) return { path: '/login', query: { next: to.fullPath } };
  try {
    await loadMe();
  } catch {
    return { path: '/login', query: { next: to.fullPath } };
  }
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 府院联动工作台`;
});
