// Every page of the compiled mini-program, rendered by miniprogram-simulate
// on a fake wx whose requests a fake of the API answers in the real shapes.
// One file, so one worker: jsdom and WeChat's wxml compiler start once.
import './pages/browsing';
import './pages/dispute-articles';
import './pages/confirmation';
import './pages/extension';
import './pages/filing';
import './pages/hearings';
import './pages/large-text';
