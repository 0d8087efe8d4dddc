"""The interview kit's question bank: suggested questions per quality, in English and French.

Written for the project, in its own words, for community-manager interviews (moderation, crises,
content, metrics…). Each question asks for a real example, so that the answer is evidence for the
quality's anchors (what a 1, a 3 and a 5 sound like). Empathy has one question per facet the
source names: understanding the community, moderation and crisis management, authentic content,
community bonds.
"""

from django.db import migrations

# code → [(facet_en, facet_fr, question_en, question_fr, listen_en, listen_fr)]
QUESTIONS = {
    "empathy": [
        (
            "Understanding the community",
            "Comprendre la communauté",
            "Tell me about a time you understood what members really needed behind what they were "
            "saying. How did you find out, and what did you change as a result?",
            "Racontez-moi une fois où vous avez compris ce dont les membres avaient vraiment besoin "
            "derrière ce qu'ils disaient. Comment l'avez-vous découvert, et qu'avez-vous changé ensuite ?",
            "Members described as people with feelings, not as numbers; a concrete change that came "
            "from listening (3); several such stories that changed decisions (5).",
            "Des membres décrits comme des personnes qui ressentent, pas comme des chiffres ; un "
            "changement concret né de l'écoute (3) ; plusieurs histoires de ce type qui ont changé des "
            "décisions (5).",
        ),
        (
            "Moderation and crisis management",
            "Modération et gestion de crise",
            "A member posts an angry, partly unfair message about the brand and others pile on. Walk "
            "me through your first reply, word for word, and what you do next.",
            "Un membre publie un message en colère, en partie injuste, contre la marque, et d'autres "
            "s'y joignent. Donnez-moi votre première réponse, mot pour mot, puis la suite.",
            "Names the feeling before the facts, stays calm, does not take it personally; quoting "
            "rules without acknowledging the person is a 1.",
            "Nomme l'émotion avant les faits, reste calme, ne le prend pas personnellement ; rappeler "
            "le règlement sans tenir compte de la personne vaut un 1.",
        ),
        (
            "Authentic content",
            "Contenu authentique",
            "Show me a post you wrote that members responded to warmly. What did you know about their "
            "feelings that made it land?",
            "Montrez-moi une publication que vous avez écrite et que les membres ont accueillie "
            "chaleureusement. Que saviez-vous de leur état d'esprit pour qu'elle touche juste ?",
            "Content built from members' own words and moods; a sincere voice rather than a slogan.",
            "Un contenu construit à partir des mots et de l'humeur des membres ; une voix sincère "
            "plutôt qu'un slogan.",
        ),
        (
            "Community bonds",
            "Liens communautaires",
            "How have you helped members connect with each other, not only with the brand? Give one "
            "example and how you knew it worked.",
            "Comment avez-vous aidé des membres à créer des liens entre eux, et pas seulement avec la "
            "marque ? Donnez un exemple et dites comment vous avez su que cela fonctionnait.",
            "Recognising members, welcoming newcomers, noticing someone in distress and reaching out "
            "privately; evidence such as members answering each other.",
            "Valoriser des membres, accueillir les nouveaux, repérer quelqu'un en difficulté et le "
            "contacter en privé ; des signes comme des membres qui se répondent entre eux.",
        ),
        (
            "",
            "",
            "Think of a member whose opinion you strongly disagreed with. How did you make sure they "
            "still felt heard, without adopting their anger as your own?",
            "Pensez à un membre dont l'avis vous a fortement déplu. Comment avez-vous fait pour qu'il "
            "se sente écouté, sans faire vôtre sa colère ?",
            "Keeps their own emotions apart from the member's (the source's definition): the mark of a 5.",
            "Sait tenir ses propres émotions à distance de celles du membre (la définition de la "
            "source) : la marque d'un 5.",
        ),
    ],
    "adaptability": [
        (
            "",
            "",
            "Tell me about a time a platform changed its algorithm or rules and your plan stopped "
            "working. What did you do in the first week?",
            "Racontez une fois où une plateforme a changé son algorithme ou ses règles et où votre "
            "plan ne marchait plus. Qu'avez-vous fait la première semaine ?",
            "A quick, reasoned change of plan with a result, rather than waiting for things to settle.",
            "Un changement de plan rapide et réfléchi, avec un résultat, plutôt qu'attendre que cela "
            "se tasse.",
        ),
        (
            "",
            "",
            "Which new format or trend did you try recently, and which one did you decide to skip? Why?",
            "Quel nouveau format ou quelle tendance avez-vous essayé récemment, et lequel avez-vous "
            "choisi d'ignorer ? Pourquoi ?",
            "Judgement about what fits the community, not following every trend.",
            "Du discernement sur ce qui convient à la communauté, pas suivre toutes les tendances.",
        ),
    ],
    "creativity": [
        (
            "",
            "",
            "Pitch me, right now, two ideas to make our next product launch talked about by our "
            "community. What makes them ours and not anyone's?",
            "Proposez-moi, maintenant, deux idées pour que notre communauté parle de notre prochain "
            "lancement. Qu'est-ce qui les rend propres à nous ?",
            "Original, specific ideas tied to the community; generic or safe ideas are a 1–2.",
            "Des idées originales, précises, liées à la communauté ; des idées génériques ou sans "
            "risque valent 1 à 2.",
        ),
        (
            "",
            "",
            "Show me a piece of content you are proud of. Where did the idea come from, and what did "
            "you try that had not been done before?",
            "Montrez-moi un contenu dont vous êtes fier ou fière. D'où venait l'idée, et qu'avez-vous "
            "tenté qui n'avait pas été fait ?",
            "An idea traced to an insight, and a willingness to test something new.",
            "Une idée reliée à une observation, et l'envie de tester quelque chose de neuf.",
        ),
    ],
    "communication": [
        (
            "",
            "",
            "In three sentences, announce to our community that a popular feature is being removed.",
            "En trois phrases, annoncez à notre communauté la suppression d'une fonctionnalité appréciée.",
            "Clear, warm, honest, and the key point first; rambling or jargon is a 1–2.",
            "Clair, chaleureux, honnête, l'essentiel d'abord ; un texte confus ou jargonneux vaut 1 à 2.",
        ),
        (
            "",
            "",
            "How do you adapt the same message for a forum, a short video and a reply to a complaint?",
            "Comment adaptez-vous un même message pour un forum, une vidéo courte et la réponse à une "
            "réclamation ?",
            "Tone and length adapted to each channel and audience, with examples.",
            "Un ton et une longueur adaptés à chaque canal et à chaque public, exemples à l'appui.",
        ),
    ],
    "technical_knowledge": [
        (
            "",
            "",
            "Which scheduling, moderation and analytics tools have you used daily? Show me how you "
            "would find last month's best post in one of them.",
            "Quels outils de programmation, de modération et d'analyse avez-vous utilisés au "
            "quotidien ? Montrez comment vous trouveriez la meilleure publication du mois dernier.",
            "Hands-on familiarity, not only names; knows what each metric means.",
            "Une vraie pratique, pas seulement des noms ; sait ce que chaque indicateur mesure.",
        ),
        (
            "",
            "",
            "How would you set up moderation rules and automations for a new community of 10,000 members?",
            "Comment mettriez-vous en place les règles et automatisations de modération d'une nouvelle "
            "communauté de 10 000 membres ?",
            "Knows platform features (filters, roles, reports) and their limits.",
            "Connaît les fonctions des plateformes (filtres, rôles, signalements) et leurs limites.",
        ),
    ],
    "curiosity": [
        (
            "",
            "",
            "What have you learned in the last month about social media or communities, and where "
            "did you learn it?",
            "Qu'avez-vous appris le mois dernier sur les réseaux sociaux ou les communautés, et où "
            "l'avez-vous appris ?",
            "Named sources, recent examples, things tried; vague answers are a 1–2.",
            "Des sources citées, des exemples récents, des essais ; une réponse vague vaut 1 à 2.",
        ),
        (
            "",
            "",
            "What would you want to know about our community before your first post?",
            "Que voudriez-vous savoir sur notre communauté avant votre première publication ?",
            "Good questions about members, history and data: curiosity aimed at the job.",
            "De bonnes questions sur les membres, l'histoire et les données : une curiosité tournée "
            "vers le poste.",
        ),
    ],
    "organization": [
        (
            "",
            "",
            "Walk me through your editorial calendar for a week with four platforms and a campaign.",
            "Décrivez-moi votre calendrier éditorial d'une semaine avec quatre plateformes et une campagne.",
            "A real system (calendar, priorities, buffers) that others can follow.",
            "Un vrai système (calendrier, priorités, marges) que d'autres peuvent suivre.",
        ),
        (
            "",
            "",
            "A crisis breaks out on the day of a planned launch. How do you re-plan the day?",
            "Une crise éclate le jour d'un lancement prévu. Comment réorganisez-vous la journée ?",
            "Clear priorities, who is told what, what gets postponed.",
            "Des priorités claires, qui est prévenu de quoi, ce qui est reporté.",
        ),
    ],
    "problem_solving": [
        (
            "",
            "",
            "Tell me about a bad buzz you handled or watched closely. What were the steps, and what "
            "would you do differently?",
            "Parlez-moi d'un bad buzz que vous avez géré ou suivi de près. Quelles étapes, et que "
            "feriez-vous autrement ?",
            "A structured sequence (assess, respond, escalate, follow up) and lessons learned; "
            "freezing or improvising is a 1–2.",
            "Une démarche structurée (évaluer, répondre, escalader, suivre) et des leçons tirées ; se "
            "figer ou improviser vaut 1 à 2.",
        ),
        (
            "",
            "",
            "Engagement has dropped by a third in two months. How do you find out why?",
            "L'engagement a baissé d'un tiers en deux mois. Comment trouvez-vous pourquoi ?",
            "Hypotheses, checks, a small test: a method rather than a guess.",
            "Des hypothèses, des vérifications, un petit test : une méthode plutôt qu'une intuition.",
        ),
    ],
    "analysis": [
        (
            "",
            "",
            "Here is a chart of our engagement over six months. What do you read in it, and what would "
            "you test next?",
            "Voici la courbe de notre engagement sur six mois. Qu'y lisez-vous, et que testeriez-vous "
            "ensuite ?",
            "Reads the data correctly, separates signal from noise, proposes a measurable test.",
            "Lit correctement les données, distingue le signal du bruit, propose un test mesurable.",
        ),
        (
            "",
            "",
            "Which three figures would you report to management each month, and why those?",
            "Quels trois indicateurs présenteriez-vous chaque mois à la direction, et pourquoi ceux-là ?",
            "Metrics tied to goals (not vanity figures), and how they guide the strategy.",
            "Des indicateurs liés aux objectifs (pas des chiffres de vanité), et comment ils guident "
            "la stratégie.",
        ),
    ],
    "teamwork": [
        (
            "",
            "",
            "Tell me about working with customer service or sales on a member's problem. Who did "
            "what, and how did you hand it over?",
            "Racontez une collaboration avec le service client ou les ventes sur le problème d'un "
            "membre. Qui a fait quoi, et comment avez-vous passé le relais ?",
            "Cross-team work with clear hand-offs and credit shared.",
            "Un travail entre équipes, des relais clairs et un mérite partagé.",
        ),
        (
            "",
            "",
            "Describe a disagreement with a colleague about a post or a campaign. How was it settled?",
            "Décrivez un désaccord avec un collègue sur une publication ou une campagne. Comment "
            "a-t-il été réglé ?",
            "Listens, argues with facts, accepts a decision; blaming others is a 1–2.",
            "Écoute, argumente avec des faits, accepte une décision ; rejeter la faute vaut 1 à 2.",
        ),
    ],
    "proactivity": [
        (
            "",
            "",
            "Tell me about something you did for your community before anyone asked you to.",
            "Parlez-moi de quelque chose que vous avez fait pour votre communauté avant qu'on vous le "
            "demande.",
            "Anticipation with an outcome (a FAQ before a launch, a rule before a problem).",
            "Une anticipation suivie d'un résultat (une FAQ avant un lancement, une règle avant un "
            "problème).",
        ),
        (
            "",
            "",
            "What do you expect our members to ask about in the next three months, and what would you "
            "prepare now?",
            "Sur quoi nos membres vont-ils nous interroger dans les trois prochains mois, et que "
            "prépareriez-vous dès maintenant ?",
            "Concrete anticipation of needs, with a plan.",
            "Une anticipation concrète des besoins, avec un plan.",
        ),
    ],
}


def add_questions(apps, schema_editor):
    Quality = apps.get_model("evaluations", "Quality")
    InterviewQuestion = apps.get_model("evaluations", "InterviewQuestion")
    for quality in Quality.objects.filter(code__in=list(QUESTIONS)):
        for order, (facet_en, facet_fr, text_en, text_fr, listen_en, listen_fr) in enumerate(
            QUESTIONS[quality.code], start=1
        ):
            InterviewQuestion.objects.update_or_create(
                quality=quality,
                order=order,
                defaults={
                    "facet_en": facet_en,
                    "facet_fr": facet_fr,
                    "text_en": text_en,
                    "text_fr": text_fr,
                    "listen_for_en": listen_en,
                    "listen_for_fr": listen_fr,
                },
            )


def remove_questions(apps, schema_editor):
    apps.get_model("evaluations", "InterviewQuestion").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0005_interviews")]

    operations = [migrations.RunPython(add_questions, remove_questions)]
