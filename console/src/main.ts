import { createApp } from 'vue';
import TDesign from 'tdesign-vue-next';
import 'tdesign-vue-next/es/style/index.css';
import App from './app.vue';
import { router } from './router';
import './console.css';

createApp(App).use(TDesign).use(router).mount('#app');
